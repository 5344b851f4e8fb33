import VNeIDCore

/// Turns one line of an import file into a record, or says why it cannot.
protocol RecordParser {
    /// Parses a data line; throws `LineError` with a reason a person can act on.
    mutating func parse(_ line: ArraySlice<UInt8>, lineNumber: UInt64) throws(LineError) -> AccountImportRecord
}

/// Why one line of an import file could not be parsed.
struct LineError: Error {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}

/// The fields every format shares, checked the same way.
enum RecordFields {
    static func kind(_ text: String) throws(LineError) -> AccountKind? {
        switch text.lowercased() {
        case "": return nil
        case "citizen": return .citizen
        case "organization", "organisation": return .organization
        default: throw LineError("kind \(OutsideText.quoted(text)) is not citizen or organization")
        }
    }

    static func level(_ text: String) throws(LineError) -> Int {
        guard let level = Int(text) else { throw LineError("assurance_level \(OutsideText.quoted(text)) is not a number (1 or 2)") }
        return level
    }

    /// The line as text, or why it is not UTF-8: an import stores text exactly as written,
    /// so bytes that are not UTF-8 are refused, never replaced.
    static func text(_ line: ArraySlice<UInt8>) throws(LineError) -> String {
        guard let text = String(validating: line, as: UTF8.self) else {
            throw LineError("is not valid UTF-8 (save the file as UTF-8)")
        }
        return text
    }
}
