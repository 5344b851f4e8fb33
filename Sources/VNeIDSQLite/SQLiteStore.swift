import GRDB
import VNeIDCore

/// The embedded store: one SQLite database file in WAL mode, through GRDB.
///
/// Reads run concurrently on a pool of reader connections; writes are serialized on the
/// single writer connection, each in one transaction.
public final class SQLiteStore: Sendable {
    let pool: DatabasePool
    let accountCache = AccountCache(capacity: 2_000_000)
    let serviceCache = ServiceCache()

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

    /// Runs a short read on the calling thread.
    ///
    /// The hot-path lookups (a status, a key) are primary-key reads served from the page
    /// cache in microseconds; GRDB's async `read` would hop to a dispatch queue and back,
    /// and those two thread switches cost several times the query. Not for scans or
    /// batches: they would hold a cooperative thread.
    func readOnCallingThread<T>(_ body: (Database) throws -> T) throws -> T {
        try pool.read(body)
    }

    /// Runs a write transaction that may change account statuses, then drops the changed
    /// accounts from the account cache once the transaction has committed. Every write that
    /// touches an account's status must go through here.
    func writeAccounts<T: Sendable>(_ body: @escaping @Sendable (Database, inout Set<AccountID>) throws -> T) async throws -> T {
        let (result, changed) = try await pool.write { db in
            var changed = Set<AccountID>()
            let result = try body(db, &changed)
            return (result, changed)
        }
        if !changed.isEmpty { accountCache.invalidate(changed) }
        return result
    }

    /// Checkpoints the WAL and closes every connection. Call once, at shutdown.
    public func close() throws {
        // A failed checkpoint loses nothing: the WAL is replayed on the next open.
        _ = try? pool.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
        try pool.close()
    }
}
