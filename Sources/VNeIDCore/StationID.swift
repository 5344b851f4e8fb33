/// The identifier of a land-border-checkpoint Border Guard station, such as `huu-nghi`:
/// 1 to 63 lowercase letters, digits and hyphens, starting with a letter.
public struct StationID: LowercaseLabelIdentifier {
    /// The id as written.
    public let rawValue: String

    public static let noun = "station id"
    public static let example = "huu-nghi"

    /// An id read back from storage, where it was validated when stored.
    public init(trusted rawValue: String) {
        self.rawValue = rawValue
    }
}
