/// The assurance level of a VNeID account (mức độ 1 / mức độ 2).
public enum AssuranceLevel: Int, Sendable, Hashable, Comparable, CaseIterable, Codable {
    /// Level 1: identity declared, not verified in person.
    case level1 = 1
    /// Level 2: identity verified against the authoritative registry.
    case level2 = 2

    /// Validates a level given as a number.
    public init(validating value: Int) throws(VNeIDError) {
        guard let level = Self(rawValue: value) else {
            throw .invalidArgument("assurance level must be 1 or 2, not \(value)")
        }
        self = level
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}
