import GRDB
import VNeIDCore

extension SQLiteStore: StoreHealth {
    /// Reads one row through the reader pool, as every read does: it answers only when a
    /// reader is free and SQLite responds.
    public func probe() async throws {
        _ = try await read { db in try Int.fetchOne(db, sql: "SELECT 1") }
    }
}
