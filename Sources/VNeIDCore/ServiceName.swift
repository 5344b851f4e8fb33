/// The name of a relying service, such as `border-portal`: 1 to 63 lowercase letters,
/// digits and hyphens, starting with a letter.
public struct ServiceName: LowercaseLabelIdentifier {
    /// The name as written.
    public let rawValue: String

    public static let noun = "service name"
    public static let example = "border-portal"

    /// A name read back from storage, where it was validated when stored.
    public init(trusted rawValue: String) {
        self.rawValue = rawValue
    }
}
