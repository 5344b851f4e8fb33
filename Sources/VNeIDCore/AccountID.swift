/// The identifier of a VNeID account, validated as the regulation describes it.
///
/// - A citizen's personal identification number (số định danh cá nhân): 12 digits, of
///   which the first three are a province code from 001 to 096.
/// - An organization's electronic identification code: its 10-digit tax code, or 13
///   digits with a branch suffix from 001 to 999. The branch form may be written with a
///   hyphen (`0101234567-001`); the canonical form has digits only.
///
/// The lengths of the two forms differ, so the kind follows from the id.
public struct AccountID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The canonical form: digits only.
    public let rawValue: String
    /// Whether this identifies a citizen or an organization.
    public let kind: AccountKind

    /// Validates `text` and returns its canonical form, or throws an `invalidArgument`
    /// error that says what is wrong with it.
    public init(validating text: String) throws(VNeIDError) {
        var digits = text
        // Byte 10 of 14 may be the dash of a branch code. Removed by byte, not by character:
        // in a text with multi-byte characters, character 10 may not exist (found by fuzzing:
        // the character offset trapped, and any caller could stop the daemon with such an id).
        let bytes = Array(text.utf8)
        if bytes.count == 14, bytes[10] == UInt8(ascii: "-") {
            digits = String(decoding: bytes[..<10] + bytes[11...], as: UTF8.self)
        }
        guard !text.isEmpty else {
            throw .invalidArgument("account id is empty: expected a 12-digit personal number or a 10- or 13-digit organization code")
        }
        guard digits.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            throw .invalidArgument("account id '\(Self.quoted(text))' must contain only digits (a branch code may be written 0101234567-001)")
        }
        switch digits.utf8.count {
        case 12:
            let province = Int(digits.prefix(3))!
            guard (1...96).contains(province) else {
                throw .invalidArgument("personal number '\(text)' starts with province code \(digits.prefix(3)), which is not between 001 and 096")
            }
            self.kind = .citizen
        case 10:
            self.kind = .organization
        case 13:
            guard digits.suffix(3) != "000" else {
                throw .invalidArgument("organization code '\(text)' has branch suffix 000; branch suffixes run from 001 to 999")
            }
            self.kind = .organization
        default:
            throw .invalidArgument("account id '\(Self.quoted(text))' has \(digits.utf8.count) digits: a personal number has 12, an organization code 10 (or 13 with a branch suffix)")
        }
        self.rawValue = digits
    }

    /// Wraps an id that was validated before, such as one read back from storage.
    public init(trusted rawValue: String, kind: AccountKind) {
        self.rawValue = rawValue
        self.kind = kind
    }

    /// Wraps a canonical id that was validated before; its length tells the kind.
    public init(trustedCanonical rawValue: String) {
        self.init(trusted: rawValue, kind: rawValue.utf8.count == 12 ? .citizen : .organization)
    }

    public var description: String { rawValue }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Shortens absurdly long input so an error message stays readable.
    private static func quoted(_ text: String) -> String {
        text.count > 40 ? String(text.prefix(40)) + "…" : text
    }
}
