import GRDB
import VNeIDCore

/// The embedded store: one SQLite database file in WAL mode, through GRDB.
///
/// Reads run concurrently on a pool of reader connections; writes are serialized on the
/// single writer connection, each in one transaction.
public final class SQLiteStore: Sendable {
    let pool: DatabasePool

    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    public init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.label = "vneid"
        configuration.prepareDatabase { db in
            // Acknowledged writes must survive power loss, not just a process crash.
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        pool = try DatabasePool(path: path, configuration: configuration)
        try Self.migrator.migrate(pool)
    }

    /// Checkpoints the WAL and closes every connection. Call once, at shutdown.
    public func close() throws {
        // A failed checkpoint loses nothing: the WAL is replayed on the next open.
        _ = try? pool.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
        try pool.close()
    }
}
