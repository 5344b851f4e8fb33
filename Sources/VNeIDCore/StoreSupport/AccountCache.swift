import CoreMetrics
import Synchronization

/// Accounts with their statuses, kept in memory so the hot path does not read the
/// database on every call. For the store adapters of this package only.
///
/// Coherent as long as every committed change to an account invalidates it: the SQLite
/// store does so after each of its own commits (one process writes), the PostgreSQL store
/// as its change feed brings other daemons' commits. A generation counter, bumped by
/// every invalidation, stops a read that raced a write from caching what it read before
/// the commit: it may only store its result if no invalidation happened since it began.
package final class AccountCache: Sendable {
    private struct State {
        var entries: [AccountID: AccountSnapshot] = [:]
        var generation: UInt64 = 0
    }

    private let state = Mutex(State())
    private let capacity: Int
    private let hits = Counter(label: MetricName.accountCache, dimensions: [("result", "hit")])
    private let misses = Counter(label: MetricName.accountCache, dimensions: [("result", "miss")])

    /// A cache of at most `capacity` accounts; when full it starts over.
    package init(capacity: Int) {
        self.capacity = capacity
    }

    /// The cached snapshot of `id`, or `nil` with the generation to pass to `store`.
    package func lookup(_ id: AccountID) -> (snapshot: AccountSnapshot?, generation: UInt64) {
        let found = state.withLock { ($0.entries[id], $0.generation) }
        (found.0 == nil ? misses : hits).increment()
        return found
    }

    /// Caches a snapshot read from the database, unless an invalidation happened since
    /// the read began (at `generation`).
    package func store(_ snapshot: AccountSnapshot, readAt generation: UInt64) {
        state.withLock { state in
            guard state.generation == generation else { return }
            if state.entries.count >= capacity { state.entries.removeAll(keepingCapacity: true) }
            state.entries[snapshot.account.id] = snapshot
        }
    }

    /// Forgets every account: call when the changes made meanwhile cannot be known.
    package func invalidateAll() {
        state.withLock { state in
            state.generation &+= 1
            state.entries.removeAll()
        }
    }

    /// Forgets the accounts `ids`; call after the write that changed them committed.
    package func invalidate(_ ids: some Sequence<AccountID>) {
        state.withLock { state in
            state.generation &+= 1
            for id in ids { state.entries.removeValue(forKey: id) }
        }
    }
}
