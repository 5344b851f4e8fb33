/// The identifier of a land-border-checkpoint Border Guard station, such as `huu-nghi`:
/// 1 to 63 lowercase letters, digits and hyphens, starting with a letter.
public struct StationID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The id as written.
    public let rawValue: String

    /// Validates a station id.
    public init(validating text: String) throws(VNeIDError) {
        guard Spelling.isLowercaseLabel(text) else {
            throw .invalidArgument("station id '\(text)' is invalid: use 1 to 63 lowercase letters, digits and hyphens, starting with a letter (for example huu-nghi)")
        }
        rawValue = text
    }

    /// An id read back from storage, where it was validated when stored.
    public init(trusted rawValue: String) {
        self.rawValue = rawValue
    }

    public var description: String { rawValue }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}
