import ArgumentParser
import Foundation
import VNeIDClient

/// Helpers the bench commands share.
enum BenchClients {
    /// Opens `count` connections and runs `body` with all of them.
    static func with<T: Sendable>(
        count: Int,
        configuration: VNeIDClientConfiguration,
        _ body: @escaping @Sendable ([VNeIDClient]) async throws -> T,
        opened: [VNeIDClient] = []
    ) async throws -> T {
        if opened.count == count { return try await body(opened) }
        return try await VNeIDClient.withConnection(configuration) { client in
            try await with(count: count, configuration: configuration, body, opened: opened + [client])
        }
    }

    /// Account ids from a file: the first column of a CSV with a header, or one per line.
    static func readIDs(_ path: String) throws -> [String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ValidationError("cannot read \(path)")
        }
        return text.split(whereSeparator: \.isNewline).compactMap { line in
            let first = line.split(separator: ",", maxSplits: 1).first.map(String.init) ?? ""
            let id = first.trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
            return id.first?.isNumber == true ? id : nil  // skips a CSV header
        }
    }
}
