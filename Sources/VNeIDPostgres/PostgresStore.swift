import Logging
import NIOCore
import NIOPosix
import PostgresNIO
import Synchronization
import VNeIDCore

/// The shared store: one PostgreSQL database that several daemons use at once, through
/// postgres-nio's `PostgresClient` connection pool.
///
/// ## What it guarantees across daemons, and how
///
/// - **One writer order.** Every audited write (orders, principals, keys, services,
///   authorizations, notices) and every account import takes one transaction-scoped
///   advisory lock (`AdvisoryLock.writer`) first. Writes of the whole cluster are thus
///   serial: each decides on the state the previous one committed, audit entries form one
///   chain, and status changes, notices and audit entries are numbered `MAX + 1` inside
///   that lock, so their sequences are gap-free and in commit order (a lock is released
///   only after its transaction's commit is visible).
/// - **History in commit order.** Authentication records take a second advisory lock
///   (`AdvisoryLock.history`), so history never waits on orders nor orders on history.
///   A batch is one `CALL` of a procedure that stores its tokens, takes that lock,
///   numbers and stores its records and commits, so the lock is never held across a
///   round trip to a daemon.
/// - **Bounded staleness.** Accounts and services are cached in memory for the hot path,
///   and every write that changes one also appends to a change feed that every daemon
///   polls (`ChangeFeed`): a change made through one daemon is seen by the others within
///   one poll interval (20 ms) plus one poll, and at once by the daemon that made it.
///   When the feed cannot vouch for the caches (no good poll for 250 ms), reads go to the
///   database, and fail with `UNAVAILABLE` if it cannot answer: nothing is served from
///   memory that the feed has not kept current.
///
/// ## Concurrency model: which work runs where, and why it cannot deadlock
///
/// - **Swift tasks** lease a connection from the pool with `await` (suspending, never
///   blocking) and hand the operation's SQL to a **session thread** (`onSessionThread`, a
///   `NIOThreadPool` of plain threads, never Dispatch's workers, which the Swift pool
///   shares), where it runs as straight-line synchronous code over the leased connection.
/// - **The hot path's single statements** (an authentication-history batch, an account
///   read the cache missed) skip the session thread: the task sends the statement with
///   postgres-nio's future and awaits it (`withConnection`,
///   `PostgresSession.answer(to:on:timeout:logger:)`), suspending, never blocking, with
///   the same bounds as below (an event-loop timer closes the connection at the timeout).
/// - **A session thread** sends each query to the connection's **event loop** and blocks
///   until the answer arrives. Event loops never wait on session threads or tasks, and the
///   server answers on its own, so every wait ends. At most as many session threads block
///   at once as the pool has connections (`maximumConnections`), since a thread is used
///   only while its task holds a leased connection.
/// - The advisory locks are taken inside transactions on the server; a session thread
///   waiting for one holds no lock of this process.
/// - **Every wait is bounded.** The wait for a connection ends after `leaseTimeout` (a
///   timer on an event loop cancels the lease), and a statement's answer after
///   `PostgresSession.statementTimeout` (the connection is closed, which fails it); a
///   statement is never sent on a connection already closed. While PostgreSQL is down or
///   restarting, calls fail with `UNAVAILABLE` and the pool reconnects by itself.
/// - **The change feed** runs in a task of its own on its own connection (async
///   postgres-nio calls, no session thread), so a pool busy with calls never delays it.
/// - **COPY** (imports) is async in postgres-nio: it runs in a task while the session
///   thread waits for it; that task never waits on a session thread.
public final class PostgresStore: Sendable {
    let client: PostgresClient
    let logger: Logger
    private let runTask: Task<Void, Never>
    /// Accounts and services in memory, kept current by `feed` (see `ChangeFeed`).
    let accountCache = AccountCache(capacity: 2_000_000)
    let serviceCache = ServiceCache()
    let feed: ChangeFeed
    private let feedTask = Mutex<Task<Void, Never>?>(nil)
    /// The session threads: plain threads of their own, not Dispatch's, because a session
    /// blocks for each round trip, and blocked Dispatch workers are the threads the Swift
    /// concurrency pool runs on (a mixed load stalled the daemon's health answers when
    /// sessions ran on a Dispatch queue). One per connection the pool may lend.
    private let sessionThreads: NIOThreadPool
    /// The event loop whose timers bound the waits for a connection.
    private let timerLoop = MultiThreadedEventLoopGroup.singleton.next()
    /// Where the database is, for messages (never with its password).
    public let location: String
    /// Connections leased from the pool now, and the most it opens, for the metrics.
    let leasedConnections = Atomic<Int>(0)
    let connectionLimit: Int

    /// Connects to the database `configuration` names, waits until it answers (up to
    /// `startupTimeout`), and brings its schema up to date; safe when several daemons start
    /// at once.
    public init(_ configuration: PostgresStoreConfiguration, logger: Logger, startupTimeout: Duration = .seconds(30)) async throws {
        self.logger = logger
        self.location = configuration.redactedDescription
        connectionLimit = configuration.maximumConnections
        sessionThreads = NIOThreadPool(numberOfThreads: configuration.maximumConnections + 1)
        sessionThreads.start()
        let client = PostgresClient(configuration: try configuration.clientConfiguration, backgroundLogger: logger)
        self.client = client
        feed = ChangeFeed(
            accounts: accountCache, services: serviceCache,
            connectionConfiguration: try configuration.connectionConfiguration, logger: logger
        )
        runTask = Task { await client.run() }
        do {
            try await FirstConnection.check(configuration, timeout: startupTimeout, logger: logger)
            try await migrate()
        } catch {
            runTask.cancel()
            try? await sessionThreads.shutdownGracefully()
            throw error
        }
        let feed = self.feed
        feedTask.withLock { $0 = Task { await feed.run() } }
    }

    /// Closes the pool. Call once, at shutdown, after every other user of the store finished.
    public func close() async {
        let feedTask = feedTask.withLock { $0 }
        feedTask?.cancel()
        await feedTask?.value
        runTask.cancel()
        await runTask.value
        try? await sessionThreads.shutdownGracefully()
    }

    deinit {
        feedTask.withLock { $0?.cancel() }
        runTask.cancel()
        sessionThreads.shutdownGracefully { _ in }
    }

    /// The advisory locks of this schema: (class, object) pairs in the `VNID` class.
    enum AdvisoryLock: Int32 {
        /// Serializes audited writes and imports across the cluster.
        case writer = 1
        /// Serializes authentication-history appends across the cluster.
        case history = 2
        /// Serializes schema migrations of daemons starting at once.
        case migrations = 3

        /// The lock class shared by all of them: "VNID" in ASCII.
        static let lockClass: Int32 = 0x564E_4944
    }

    // MARK: - Running SQL

    /// How long a call waits for a connection before it fails with `UNAVAILABLE`. While
    /// the server is down the pool keeps trying to connect (with growing back-off) and
    /// would hold calls meanwhile; this bounds that wait.
    static let leaseTimeout = TimeAmount.seconds(10)

    /// Runs `body` on a session thread over a leased connection, outside any transaction.
    func withSession<T: Sendable>(_ body: @escaping @Sendable (PostgresSession) throws -> T) async throws -> T {
        let logger = self.logger
        return try await withConnection { connection in
            try await self.onSessionThread { try body(PostgresSession(connection, logger: logger)) }
        }
    }

    /// Runs `body` over a leased connection, in the calling task: for operations of one
    /// statement, sent with `PostgresSession.answer(to:on:timeout:logger:)`, which
    /// suspends and never blocks, so no session thread is needed.
    ///
    /// The wait for a connection is bounded by `leaseTimeout`: a timer on an event loop
    /// (cheap; no Dispatch timer per call) cancels the lease if it has not been granted by
    /// then, and is cancelled itself as soon as it is. Once leased, the body runs to its
    /// end: the timer never interrupts a transaction.
    func withConnection<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        let client = self.client
        let store = self
        let watch = LeaseWatch()
        let lease = Task {
            try await client.withConnection { connection in
                // A connection granted just as the timer fired goes back unused.
                guard watch.grant() else { throw CancellationError() }
                store.leasedConnections.wrappingAdd(1, ordering: .relaxed)
                defer { store.leasedConnections.wrappingSubtract(1, ordering: .relaxed) }
                return try await body(connection)
            }
        }
        let timer = timerLoop.scheduleTask(in: Self.leaseTimeout) {
            if watch.expire() { lease.cancel() }
        }
        do {
            let result = try await withTaskCancellationHandler {
                try await lease.value
            } onCancel: {
                lease.cancel()
            }
            timer.cancel()
            return result
        } catch {
            timer.cancel()
            if watch.expired {
                throw VNeIDError.unavailable("the database at \(location) gave no connection within \(Self.leaseTimeout.nanoseconds / 1_000_000) ms: it is down, restarting or overloaded; try again shortly")
            }
            throw PostgresErrors.mapped(error, location: location)
        }
    }

    /// Runs `body` in one read-only transaction with one snapshot of the database.
    func read<T: Sendable>(_ body: @escaping @Sendable (PostgresSession) throws -> T) async throws -> T {
        try await transaction(begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", lock: nil, body)
    }

    /// Runs `body` in one write transaction holding `lock` (the writer lock unless told).
    /// It commits when `body` returns and rolls back when it throws.
    func write<T: Sendable>(lock: AdvisoryLock = .writer, _ body: @escaping @Sendable (PostgresSession) throws -> T) async throws -> T {
        try await transaction(begin: "BEGIN ISOLATION LEVEL READ COMMITTED", lock: lock, body)
    }

    /// Runs `body` in one write transaction that takes no lock at its start: `body` takes
    /// it (`take(_:in:)`) once its preparation (a COPY into a temporary table, say) is
    /// done, so the cluster's other writers wait only for the part that needs the lock.
    func writeTakingLockLater<T: Sendable>(_ body: @escaping @Sendable (PostgresSession) throws -> T) async throws -> T {
        try await transaction(begin: "BEGIN ISOLATION LEVEL READ COMMITTED", lock: nil, body)
    }

    /// Takes `lock` for the rest of the transaction `session` is in.
    static func take(_ lock: AdvisoryLock, in session: PostgresSession) throws {
        // Waiting for the lock is the server's own wait, bounded by the connection's
        // lock_timeout, so it gets longer than a statement's.
        try session.execute(
            "SELECT pg_advisory_xact_lock(\(AdvisoryLock.lockClass), \(lock.rawValue))",
            timeout: PostgresSession.lockWaitTimeout
        )
    }

    private func transaction<T: Sendable>(begin: String, lock: AdvisoryLock?, _ body: @escaping @Sendable (PostgresSession) throws -> T) async throws -> T {
        try await withSession { session in
            try session.execute(PostgresQuery(unsafeSQL: begin))
            do {
                if let lock { try Self.take(lock, in: session) }
                let result = try body(session)
                try session.execute("COMMIT")
                return result
            } catch {
                // A failed rollback leaves nothing behind: the server aborts a transaction
                // whose connection is lost.
                _ = try? session.execute("ROLLBACK")
                throw error
            }
        }
    }

    /// Runs blocking session work on a session thread and resumes the caller with its
    /// result, so the Swift concurrency pool never waits on the database.
    private func onSessionThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await sessionThreads.runIfActive(body)
    }
}

/// Whether a call's wait for a connection ended by the grant or by the timer: whichever
/// comes first wins, and the other then does nothing.
final class LeaseWatch: Sendable {
    private enum Outcome { case waiting, granted, expired }
    private let outcome = Mutex(Outcome.waiting)

    /// Records the grant; `false` when the timer fired first.
    func grant() -> Bool {
        outcome.withLock { outcome in
            guard outcome == .waiting else { return false }
            outcome = .granted
            return true
        }
    }

    /// Records that the timer fired; `false` when the grant came first.
    func expire() -> Bool {
        outcome.withLock { outcome in
            guard outcome == .waiting else { return false }
            outcome = .expired
            return true
        }
    }

    /// Whether the timer fired before any grant.
    var expired: Bool { outcome.withLock { $0 == .expired } }
}
