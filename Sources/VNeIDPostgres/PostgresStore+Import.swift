import Foundation
import NIOCore
import PostgresNIO
import VNeIDCore

extension PostgresStore {
    /// Writes the pages `nextPage` gives (until it returns `nil`) into this store, in one
    /// transaction holding the writer lock: all of it lands or none of it. Refuses a
    /// database that holds any account, principal or audit entry already. Returns the rows
    /// written, by table.
    ///
    /// `nextPage` runs on this store's session thread (a `NIOThreadPool` thread, never the Swift
    /// pool) and may block there until an exporter hands over the next page.
    package func importCopy(_ nextPage: @escaping @Sendable () throws -> StoreCatalogue.Page?) async throws -> [String: Int] {
        try await write { session in
            let occupied = try session.exists("""
                SELECT 1 WHERE EXISTS (SELECT 1 FROM accounts) OR EXISTS (SELECT 1 FROM principals) OR EXISTS (SELECT 1 FROM audit_log)
                """)
            guard !occupied else {
                throw VNeIDError.failedPrecondition("the target database holds accounts, principals or audit entries already; migrate into a new, empty database")
            }
            // The first daemon's start on an empty database writes nothing the copy brings.
            try session.execute("DELETE FROM duties")
            let tables = Dictionary(uniqueKeysWithValues: StoreCatalogue.tables.map { ($0.name, $0) })
            var counts: [String: Int] = [:]
            while let page = try nextPage() {
                guard let table = tables[page.table] else {
                    throw VNeIDError.internalError("the copy holds a table \(page.table) that the store catalogue does not name")
                }
                let perStatement = max(1, 60_000 / table.columns.count)
                for chunk in page.rows.chunked(into: perStatement) {
                    var builder = PostgresQueryBuilder()
                    let rows = try chunk.map { row in
                        "(" + (try zip(row, table.columns).map { try Self.bind($0, as: $1.kind, into: &builder) }).joined(separator: ", ") + ")"
                    }
                    try session.execute(builder.query("""
                        INSERT INTO \(table.name) (\(table.columns.map(\.name).joined(separator: ", "))) VALUES \(rows.joined(separator: ", "))
                        """))
                }
                counts[table.name, default: 0] += page.rows.count
            }
            return counts
        }
    }

    private static func bind(_ value: StoreCatalogue.Value, as kind: StoreCatalogue.ColumnKind, into builder: inout PostgresQueryBuilder) throws -> String {
        switch (value, kind) {
        case (.null, .text): return builder.bind(String?.none)
        case (.null, .integer): return builder.bind(Int64?.none)
        case (.null, .smallInteger): return builder.bind(Int32?.none)
        case (.null, .boolean): return builder.bind(Bool?.none)
        case (.null, .bytes): return builder.bind(ByteBuffer?.none)
        case (.text(let text), .text): return builder.bind(text)
        case (.integer(let number), .integer): return builder.bind(number)
        case (.integer(let number), .smallInteger):
            guard let small = Int32(exactly: number) else { throw VNeIDError.invalidArgument("\(number) does not fit a small-integer column") }
            return builder.bind(small)
        case (.integer(let number), .boolean): return builder.bind(number != 0)
        case (.bytes(let bytes), .bytes): return builder.bind(ByteBuffer(bytes: bytes))
        default: throw VNeIDError.invalidArgument("a value \(value) cannot go into a \(kind) column")
        }
    }
}
