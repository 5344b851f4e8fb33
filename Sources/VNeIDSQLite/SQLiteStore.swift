import GRDB
import VNeIDCore

/// The embedded store: one SQLite database file in WAL mode, through GRDB.
///
/// Reads run concurrently on a pool of reader connections; writes are serialized on the
/// single writer connection, each in one transaction.
public final class SQLiteStore: Sendable {
    let pool: DatabasePool
    /// A connection of its own for checkpoints, so that copying the WAL into the database
    /// file never holds up the writer (see `checkpoint()`).
    private let checkpointer: DatabaseQueue
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
            // The writer would otherwise checkpoint every 1000 pages inside a commit, and
            // every call waiting on that commit (authentication records) would wait for the
            // copy too. `checkpoint()` does it beside the writer; this is the safety net.
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 20000")
        }
        pool = try DatabasePool(path: path, configuration: configuration)
        try Self.migrator.migrate(pool)
        var checkpointConfiguration = configuration
        checkpointConfiguration.label = "vneid.checkpoint"
        checkpointer = try DatabaseQueue(path: path, configuration: checkpointConfiguration)
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

    /// Copies committed WAL frames into the database file from a connection of its own, so
    /// the writer goes on committing meanwhile (a PASSIVE checkpoint waits for no one). The
    /// daemon calls it every second; it keeps the WAL short and commits fast.
    public func checkpoint() async throws {
        do {
            try await checkpointer.writeWithoutTransaction { db in _ = try db.checkpoint(.passive) }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
            // The writer was resetting the WAL at that instant; the next checkpoint will do.
        }
    }

    /// Checkpoints the WAL and closes every connection. Call once, at shutdown.
    public func close() throws {
        // A failed checkpoint loses nothing: the WAL is replayed on the next open.
        _ = try? pool.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
        try checkpointer.close()
        try pool.close()
    }
}
