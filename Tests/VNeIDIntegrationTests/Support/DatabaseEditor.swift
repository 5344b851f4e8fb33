import Foundation
import GRDB
import VNeIDTestSupport

/// A daemon's database, read and edited behind its back as someone with access to it
/// could: its SQLite file, or its PostgreSQL database (through psql). Statements are
/// written in the SQL both speak; `bytes`, `hex` and `text` give the fragments that differ
/// or need quoting.
struct DatabaseEditor: Sendable {
    let daemon: TestDaemon

    /// Runs `statements` in one transaction.
    func execute(_ statements: [String]) async throws {
        if let url = daemon.databaseURL {
            try await TestPostgres.psql(url, "BEGIN; " + statements.joined(separator: "; ") + "; COMMIT")
        } else {
            let database = try DatabaseQueue(path: daemon.dataDirectory + "/vneid.sqlite")
            try await database.write { db in
                for statement in statements { try db.execute(sql: statement) }
            }
            try database.close()
        }
    }

    /// The rows `sql` selects, each column as text (integers in decimal, `nil` for NULL).
    func query(_ sql: String) async throws -> [[String?]] {
        if let url = daemon.databaseURL { return try await TestPostgres.query(url, sql) }
        let database = try DatabaseQueue(path: daemon.dataDirectory + "/vneid.sqlite")
        defer { try? database.close() }
        return try await database.read { db in
            try Row.fetchAll(db, sql: sql).map { row in
                row.databaseValues.map { value -> String? in
                    switch value.storage {
                    case .null: nil
                    case .int64(let number): String(number)
                    case .double(let number): String(number)
                    case .string(let text): text
                    case .blob(let data): data.map { String(format: "%02x", $0) }.joined()
                    }
                }
            }
        }
    }

    /// A literal of `bytes`.
    func bytes(_ bytes: [UInt8]) -> String {
        let hex = bytes.map { String(format: "%02x", $0) }.joined()
        return daemon.databaseURL == nil ? "X'\(hex)'" : "'\\x\(hex)'::bytea"
    }

    /// An expression giving the bytes of `column` in lowercase hex.
    func hex(_ column: String) -> String {
        daemon.databaseURL == nil ? "lower(hex(\(column)))" : "encode(\(column), 'hex')"
    }

    /// A quoted text literal.
    static func text(_ value: String) -> String {
        "'" + value.replacingOccurrences(of: "'", with: "''") + "'"
    }
}

extension TestDaemon {
    /// This daemon's database, to edit behind its back.
    var database: DatabaseEditor { DatabaseEditor(daemon: self) }
}

/// Bytes from lowercase hex text.
func bytes(hex: String) -> [UInt8] {
    var bytes: [UInt8] = []
    var index = hex.startIndex
    while index < hex.endIndex, let next = hex.index(index, offsetBy: 2, limitedBy: hex.endIndex) {
        bytes.append(UInt8(hex[index..<next], radix: 16) ?? 0)
        index = next
    }
    return bytes
}
