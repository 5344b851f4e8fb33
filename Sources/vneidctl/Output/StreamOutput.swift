import Foundation

/// Counts items a stream has handed over.
actor Counter {
    private var value = 0

    /// Adds one and returns the new count.
    func increment() -> Int {
        value += 1
        return value
    }
}

/// Prints one compact JSON object per line, flushed, for scripts that follow a stream.
enum JSONLines {
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    static func print(_ value: some Encodable) throws {
        FileHandle.standardOutput.write(try encoder.encode(value) + Data("\n".utf8))
    }
}
