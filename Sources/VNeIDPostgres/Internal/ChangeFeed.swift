import Foundation
import Logging
import NIOPosix
import PostgresNIO
import Synchronization
import VNeIDCore

/// What other daemons changed, as this daemon learns it: every write that changes an
/// account or a service appends a row to `cache_invalidations` in its own transaction,
/// numbered `MAX + 1` under the writer lock (so in commit order, without gaps), and this
/// feed reads the new rows every `interval` and drops what they name from the caches.
///
/// The bound on a stale read, whichever daemon wrote: a cached entry outlives the commit
/// that changed it by at most one `interval` plus one poll. While the feed cannot vouch for
/// the caches (its last good poll is older than `staleAfter`: the database is unreachable,
/// say), every read goes to the database, and fails with `UNAVAILABLE` if that cannot
/// answer: nothing is served from memory that the feed has not kept current.
/// LISTEN/NOTIFY is not used: the poll is the whole mechanism, so nothing depends on a
/// notification that a broken connection would lose.
final class ChangeFeed: Sendable {
    /// How often the feed reads new rows.
    static let interval = Duration.milliseconds(20)
    /// How old the last good poll may be before the caches are bypassed.
    static let staleAfter = Duration.milliseconds(250)
    /// The most accounts one write names in the feed; a larger change (a big import) is
    /// one row that drops every cached account.
    static let largestChangeListed = 1_000
    /// How long rows are kept; a daemon that falls further behind drops its whole cache.
    static let retention = Duration.seconds(600)

    private struct State {
        var last: Int64?
        var lastGoodPoll: ContinuousClock.Instant?
        var polls = 0
        /// Callers of `caughtUp(within:)`, each with when it called.
        var waiters: [UInt64: (since: ContinuousClock.Instant, continuation: CheckedContinuation<Bool, Never>)] = [:]
        var nextWaiter: UInt64 = 0
        /// The feed's own connection, outside the pool: a pool busy with calls must not
        /// hold the poll back (the caches would be bypassed just when they matter most).
        var connection: PostgresConnection?
    }

    private let state = Mutex(State())
    let accounts: AccountCache
    let services: ServiceCache
    private let connectionConfiguration: PostgresConnection.Configuration
    private let logger: Logger

    init(accounts: AccountCache, services: ServiceCache, connectionConfiguration: PostgresConnection.Configuration, logger: Logger) {
        self.accounts = accounts
        self.services = services
        self.connectionConfiguration = connectionConfiguration
        self.logger = logger
    }

    /// Whether the caches are current to within the bound.
    var isFresh: Bool {
        state.withLock { state in state.lastGoodPoll.map { ContinuousClock.now - $0 < Self.staleAfter } ?? false }
    }

    /// Polls every `interval` until cancelled, then closes the feed's connection.
    func run() async {
        var failing = false
        while !Task.isCancelled {
            do {
                try await poll()
                if failing { logger.notice("the change feed reads again; caches are in use") }
                failing = false
            } catch {
                if !failing {
                    logger.warning("the change feed cannot read; every read goes to the database until it can", metadata: ["error": "\(error)"])
                }
                failing = true
                // A new connection next time.
                let broken = state.withLock { state in
                    defer { state.connection = nil }
                    return state.connection
                }
                try? await broken?.close()
            }
            try? await Task.sleep(for: Self.interval)
        }
        let connection = state.withLock { $0.connection }
        try? await connection?.close()
    }

    private func poll() async throws {
        let started = ContinuousClock.now
        let (last, prune, existing) = state.withLock { state in
            state.polls += 1
            return (state.last, state.polls % 1_000 == 0, state.connection)
        }
        let connection: PostgresConnection
        if let existing, !existing.isClosed {
            connection = existing
        } else {
            connection = try await PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.next(), configuration: connectionConfiguration, id: -1, logger: logger
            )
            state.withLock { $0.connection = connection }
        }
        if prune {
            let horizon = Date().addingTimeInterval(-Double(Self.retention.components.seconds)).millisecondsSince1970
            // The newest row stays, so numbering never starts over.
            try await connection.query("""
                DELETE FROM cache_invalidations
                WHERE at_ms < \(horizon) AND sequence < (SELECT MAX(sequence) FROM cache_invalidations)
                """, logger: logger)
        }
        guard let last else {
            // The first poll only finds where the feed stands: nothing is cached yet.
            var newest: Int64 = 0
            for try await value in try await connection.query("SELECT COALESCE(MAX(sequence), 0) FROM cache_invalidations", logger: logger).decode(Int64.self) {
                newest = value
            }
            apply([], after: nil, newest: newest, polledSince: started)
            return
        }
        var rows: [Change] = []
        for try await (sequence, kind, key) in try await connection.query("""
            SELECT sequence, kind, key FROM cache_invalidations WHERE sequence > \(last) ORDER BY sequence LIMIT 10000
            """, logger: logger).decode((Int64, String, String).self) {
            rows.append(Change(sequence: sequence, kind: kind, key: key))
        }
        apply(rows, after: last, newest: rows.last?.sequence ?? last, polledSince: started)
    }

    private struct Change: Sendable {
        var sequence: Int64
        var kind: String
        var key: String
    }

    private func apply(_ rows: [Change], after last: Int64?, newest: Int64, polledSince started: ContinuousClock.Instant) {
        if let last, let first = rows.first, first.sequence != last + 1 {
            // Rows this daemon never read were pruned: what they named is unknown.
            accounts.invalidateAll()
            services.invalidate()
        } else {
            if rows.contains(where: { $0.kind == "all" }) {
                accounts.invalidateAll()
            } else {
                let accountIDs = rows.filter { $0.kind == "account" }.map { AccountID(trustedCanonical: $0.key) }
                if !accountIDs.isEmpty { accounts.invalidate(accountIDs) }
            }
            if rows.contains(where: { $0.kind == "service" }) { services.invalidate() }
        }
        let caughtUp = state.withLock { state in
            state.last = newest
            // Good as of when the poll began: a commit after that may not be in it.
            state.lastGoodPoll = started
            let caughtUp = state.waiters.filter { $0.value.since <= started }
            for id in caughtUp.keys { state.waiters[id] = nil }
            return caughtUp.values.map(\.continuation)
        }
        for waiter in caughtUp { waiter.resume(returning: true) }
    }

    /// Waits until a poll that began after this call has been applied, so that every
    /// change committed before the call has reached the caches: `true`, or `false` when
    /// that took longer than `timeout` (the feed cannot read) or the caller was cancelled.
    func caughtUp(within timeout: Duration) async -> Bool {
        let since = ContinuousClock.now
        let id = state.withLock { state in
            state.nextWaiter += 1
            return state.nextWaiter
        }
        return await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                await withTaskCancellationHandler {
                    await withCheckedContinuation { continuation in
                        let cancelled = self.state.withLock { state in
                            if Task.isCancelled { return true }
                            state.waiters[id] = (since, continuation)
                            return false
                        }
                        if cancelled { continuation.resume(returning: false) }
                    }
                } onCancel: {
                    self.state.withLock { $0.waiters.removeValue(forKey: id) }?.continuation.resume(returning: false)
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }

    /// Appends a change of `kind` to `key`; call inside a write holding the writer lock.
    static func record(_ session: PostgresSession, kind: String, key: String, at now: Date = Date()) throws {
        try session.execute("""
            INSERT INTO cache_invalidations (sequence, at_ms, kind, key)
            VALUES ((SELECT COALESCE(MAX(sequence), 0) + 1 FROM cache_invalidations), \(now.millisecondsSince1970), \(kind), \(key))
            """)
    }
}
