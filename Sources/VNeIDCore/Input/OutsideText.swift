/// The characters a text from outside may hold, wherever it ends up: stored, hashed into
/// the audit chain, compared, or printed on an official's terminal.
///
/// Refused everywhere: NUL (SQLite and C strings cut a text at it, so what is stored or
/// hashed would differ from what was received), the other C0 controls and DEL (terminal
/// escapes start with them), the C1 controls, and the bidirectional embedding, override
/// and isolate marks (they make a text display in another order than it reads, as in
/// "Trojan Source"). Free text (an order's grounds, a note, a reason) may also hold line
/// breaks and tabs; identifiers and names may not.
public enum OutsideText {
    /// What is wrong with `text`, for a person to read, or `nil` when every character is
    /// allowed. `allowingLineBreaks` admits line feeds and tabs (for free text).
    public static func problem(in text: String, allowingLineBreaks: Bool) -> String? {
        // Printable ASCII, the common case (ids, names, tokens), needs no further look.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return nil }
        var position = 0
        for scalar in text.unicodeScalars {
            position += 1
            if allowingLineBreaks, scalar == "\n" || scalar == "\t" { continue }
            if let name = forbiddenName(scalar) {
                return "holds \(name) at character \(position); control and text-direction characters are refused"
            }
        }
        return nil
    }

    /// `text` shortened to at most `limit` characters, for quoting outside input in a
    /// message: an echo of a 20,000-character input would not fit in a gRPC status.
    public static func quoted(_ text: String, limit: Int = 64) -> String {
        guard text.count > limit else { return "'\(text)'" }
        return "'\(text.prefix(limit))…' (\(text.utf8.count) bytes)"
    }

    /// The name of a forbidden scalar, or `nil` when it is allowed.
    private static func forbiddenName(_ scalar: Unicode.Scalar) -> String? {
        let value = scalar.value
        var hex: String { "U+" + String(value, radix: 16, uppercase: true).leftPadded(to: 4) }
        switch value {
        case 0x00: return "\(hex) (NUL)"
        case 0x01...0x1F, 0x7F: return "\(hex) (a control character)"
        case 0x80...0x9F: return "\(hex) (a C1 control character)"
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069:
            return "\(hex) (a text-direction mark)"
        default: return nil
        }
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
