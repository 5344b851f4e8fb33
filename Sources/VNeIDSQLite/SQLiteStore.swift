import GRDB
import VNeIDCore

/// The embedded store: one SQLite database file in WAL mode, through GRDB.
///
/// Reads run concurrently on a pool of reader connections; writes are serialized on the
/// single writer connection, each in one transaction.
///
/// ## Concurrency model: which work runs where, and why it cannot deadlock
///
/// - **Swift tasks** (handlers, on the cooperative pool: one thread per core) never touch
///   SQLite and never wait on a semaphore. They only await: `read(_:)` and GRDB's async
///   `write` suspend the task and return its thread to the pool at once.
/// - **GRDB's semaphore-waiting queue** (one dispatch thread) is the only thread that
///   blocks, waiting for a free reader connection. A reader is released on its own queue
///   as soon as its read body returns, so that wait depends on SQLite work alone, never
///   on a Swift task being scheduled.
/// - **Each reader connection's serial queue** (at most GRDB's `maximumReaderCount`) and
///   **the writer's serial queue** run the SQL. Bodies are synchronous, never await, and
///   take only short in-memory locks (the caches' mutexes), never one held across I/O.
/// - **The checkpointer's queue** copies the WAL beside the writer (`checkpoint()`).
///
/// A blocking wait on the cooperative pool for a reader, as GRDB's synchronous `read`
/// does, can deadlock the daemon: every pool thread waits for a reader whose release
/// needs a pool thread to resume the task that holds it. That is why the synchronous
/// APIs of `DatabasePool` are used nowhere in this type, except from a dispatch thread.
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
        try pool.write { db in try Self.sealRecordsIfPending(db) }
        var checkpointConfiguration = configuration
        checkpointConfiguration.label = "vneid.checkpoint"
        checkpointer = try DatabaseQueue(path: path, configuration: checkpointConfiguration)
    }

    /// Runs a read on one of GRDB's reader queues and resumes the caller with its result.
    ///
    /// Every read of the store goes through here. The reader connection is taken on
    /// GRDB's semaphore-waiting queue, the body runs on that reader's serial queue, and the
    /// reader is released on that same queue before the caller resumes: neither the wait
    /// for a free reader nor the release ever needs a thread of the Swift concurrency pool
    /// (see the type's concurrency model).
    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            pool.asyncRead { database in
                continuation.resume(with: Result { try body(database.get()) })
            }
        }
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

    /// How many reads run at once; more wait on GRDB's semaphore queue for a free reader.
    var maximumReaderCount: Int { pool.configuration.maximumReaderCount }

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

    /// Checkpoints the WAL and closes every connection. Call once, at shutdown, after
    /// every other user of the store has finished.
    public func close() async throws {
        // A failed checkpoint loses nothing: the WAL is replayed on the next open.
        _ = try? await pool.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
        // Closing waits for GRDB's queues to drain; run it on a dispatch thread, not the pool.
        try await onDispatchThread { [pool, checkpointer] in
            try checkpointer.close()
            try pool.close()
        }
    }
}
