import struct Foundation.Date

/// The byte form that audit hashes are computed over: every value prefixed so that no two
/// different sequences of values encode alike. Integers are 8 bytes big-endian; a text or
/// byte string is a presence byte, its length and its bytes; times count milliseconds.
///
/// Audit entries and bound records share it, so a hash means the same thing everywhere
/// and a future store computes the same bytes from the same values.
struct CanonicalBytes {
    private(set) var bytes: [UInt8] = []

    mutating func append(_ value: UInt64) {
        for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    /// Bytes as they are, unprefixed: only for fixed-size values and fixed labels.
    mutating func appendRaw(_ raw: [UInt8]) {
        bytes.append(contentsOf: raw)
    }

    mutating func append(_ value: Bool) {
        bytes.append(value ? 1 : 0)
    }

    mutating func append(_ text: String?) {
        append(text.map { Array($0.utf8) })
    }

    mutating func append(_ data: [UInt8]?) {
        guard let data else { bytes.append(0); return }
        bytes.append(1)
        append(UInt64(data.count))
        bytes.append(contentsOf: data)
    }

    mutating func append(_ date: Date) {
        append(UInt64(bitPattern: date.millisecondsSince1970))
    }

    mutating func append(_ date: Date?) {
        guard let date else { bytes.append(0); return }
        bytes.append(1)
        append(date)
    }

    /// A count, then each element as `body` appends it.
    mutating func append<Element>(_ elements: [Element], _ body: (inout CanonicalBytes, Element) -> Void) {
        append(UInt64(elements.count))
        for element in elements { body(&self, element) }
    }
}
