import VNeIDClient
import VNeIDCore

/// Turns one line of an import file into a record, or says why it cannot.
protocol RecordParser {
    /// Parses a data line; throws `LineError` with a reason a person can act on.
    mutating func parse(_ line: ArraySlice<UInt8>, lineNumber: UInt64) throws -> AccountImportRecord
}

/// Why one line of an import file could not be parsed.
struct LineError: Error {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}

/// The fields every format shares, checked the same way.
enum RecordFields {
    static func kind(_ text: String) throws -> AccountKind? {
        switch text.lowercased() {
        case "": return nil
        case "citizen": return .citizen
        case "organization", "organisation": return .organization
        default: throw LineError("kind '\(text)' is not citizen or organization")
        }
    }

    static func level(_ text: String) throws -> Int {
        guard let level = Int(text) else { throw LineError("assurance_level '\(text)' is not a number (1 or 2)") }
        return level
    }
}
