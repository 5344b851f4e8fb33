import GRDB
import VNeIDCore

extension SQLiteStore: StoreHealth {
    /// Reads one row through the reader pool, as every read does: it answers only when a
    /// reader is free and SQLite responds.
    public func probe() async throws {
        _ = try await read { db in try Int.fetchOne(db, sql: "SELECT 1") }
    }

    /// The database's pages (the file, with the WAL's committed pages folded in) times
    /// the page size, read through the reader pool like any read.
    public func statistics() async throws -> StoreStatistics {
        let bytes = try await read { db -> Int64 in
            let pages = try Int64.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            let pageSize = try Int64.fetchOne(db, sql: "PRAGMA page_size") ?? 0
            return pages * pageSize
        }
        return StoreStatistics(databaseBytes: bytes)
    }
}
