/// Public identifiers of the things the daemon creates: a prefix such as `ord_` and 16 hex
/// digits (64 random bits from the system's secure generator).
public enum RandomIdentifier {
    /// A new identifier with `prefix`.
    public static func make(_ prefix: String) -> String {
        var generator = SystemRandomNumberGenerator()
        return prefix + hex(generator.next() as UInt64)
    }

    /// `value` as 16 lowercase hex digits.
    public static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
