/// An identifier spelled as a lowercase label: 1 to 63 lowercase letters, digits and
/// hyphens, starting with a letter. Service names, station ids and Police unit ids are
/// such labels; the validation, its message, ordering and printing live here once.
public protocol LowercaseLabelIdentifier: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The identifier as written.
    var rawValue: String { get }

    /// An identifier read back from storage, where it was validated when stored.
    init(trusted rawValue: String)

    /// What the identifier names, as an error message starts: `station id`.
    static var noun: String { get }

    /// A valid example for the error message: `huu-nghi`.
    static var example: String { get }
}

extension LowercaseLabelIdentifier {
    /// Validates an identifier; `invalidArgument` says how to spell one.
    public init(validating text: String) throws(VNeIDError) {
        guard Spelling.isLowercaseLabel(text) else {
            throw .invalidArgument("\(Self.noun) '\(text)' is invalid: use 1 to 63 lowercase letters, digits and hyphens, starting with a letter (for example \(Self.example))")
        }
        self.init(trusted: text)
    }

    public var description: String { rawValue }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}
