/// How names typed by people are read: enum constants and lowercase labels.
enum Spelling {
    /// `relying-service`, `Relying_Service` and `RELYING_SERVICE` all become `RELYING_SERVICE`.
    static func constant(_ text: String) -> String {
        String(text.uppercased().map { $0 == "-" ? "_" : $0 })
    }

    /// 1 to 63 lowercase letters, digits and hyphens, starting with a letter: the shape of
    /// service names and station ids.
    static func isLowercaseLabel(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard (1...63).contains(bytes.count), let first = bytes.first, first >= UInt8(ascii: "a"), first <= UInt8(ascii: "z") else {
            return false
        }
        return bytes.allSatisfy { ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: "-") }
    }
}
