import Foundation
import GRDB
import VNeIDCore

extension SQLiteStore {
    /// Reads every table of `StoreCatalogue` in one read transaction (one consistent
    /// snapshot, while a daemon may still be writing), in key order, `pageSize` rows at a
    /// time, and hands each page to `handOff`.
    ///
    /// `handOff` runs on GRDB's reader queue (a dispatch thread, never the Swift pool) and
    /// may block there until the page is taken: that is how a slower importer holds the
    /// export to a few pages in memory. It returns `false` to stop the export.
    package func exportSnapshot(pageSize: Int, _ handOff: @escaping @Sendable (StoreCatalogue.Page) -> Bool) async throws {
        try await read { db in
            for table in StoreCatalogue.tables {
                let columns = table.columns.map(\.name).joined(separator: ", ")
                let keyList = "(" + table.key.joined(separator: ", ") + ")"
                let keyPositions = table.key.map { key in table.columns.firstIndex { $0.name == key } ?? 0 }
                var after: [StoreCatalogue.Value]?
                while true {
                    var sql = "SELECT \(columns) FROM \(table.name)"
                    var arguments: [(any DatabaseValueConvertible)?] = []
                    if let after {
                        sql += " WHERE \(keyList) > (\(after.map { _ in "?" }.joined(separator: ", ")))"
                        arguments = after.map(Self.databaseValue)
                    }
                    sql += " ORDER BY \(table.key.joined(separator: ", ")) LIMIT \(pageSize)"
                    let rows = try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).map { row in
                        table.columns.enumerated().map { index, column in Self.value(row[index] as DatabaseValue, kind: column.kind) }
                    }
                    guard !rows.isEmpty else { break }
                    guard handOff(StoreCatalogue.Page(table: table.name, rows: rows)) else { throw CancellationError() }
                    guard rows.count == pageSize, let last = rows.last else { break }
                    after = keyPositions.map { last[$0] }
                }
            }
        }
    }

    private static func value(_ value: DatabaseValue, kind: StoreCatalogue.ColumnKind) -> StoreCatalogue.Value {
        switch value.storage {
        case .null: .null
        case .int64(let number): kind == .text ? .text(String(number)) : .integer(number)
        case .double(let number): .integer(Int64(number))
        case .string(let text): .text(text)
        case .blob(let data): .bytes([UInt8](data))
        }
    }

    private static func databaseValue(_ value: StoreCatalogue.Value) -> (any DatabaseValueConvertible)? {
        switch value {
        case .null: nil
        case .integer(let number): number
        case .text(let text): text
        case .bytes(let bytes): Data(bytes)
        }
    }
}
