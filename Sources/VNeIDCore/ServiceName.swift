/// The name of a relying service, such as `border-portal`: 1 to 63 lowercase letters,
/// digits and hyphens, starting with a letter.
public struct ServiceName: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The name as written.
    public let rawValue: String

    /// Validates a service name.
    public init(validating text: String) throws(VNeIDError) {
        guard Spelling.isLowercaseLabel(text) else {
            throw .invalidArgument("service name '\(text)' is invalid: use 1 to 63 lowercase letters, digits and hyphens, starting with a letter (for example border-portal)")
        }
        self.rawValue = text
    }

    /// A name read back from storage, where it was validated when stored.
    public init(trusted rawValue: String) {
        self.rawValue = rawValue
    }

    public var description: String { rawValue }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}
