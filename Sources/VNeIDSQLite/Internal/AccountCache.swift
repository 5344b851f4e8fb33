import Synchronization
import VNeIDCore

/// Accounts with their statuses, kept in memory so the hot path does not read SQLite on
/// every call.
///
/// Coherent because this process is the only writer of its database: every write that
/// touches an account invalidates it after the commit. A generation counter, bumped by
/// every invalidation, stops a read that raced a write from caching what it read before
/// the commit: it may only store its result if no invalidation happened since it began.
final class AccountCache: Sendable {
    private struct State {
        var entries: [AccountID: AccountSnapshot] = [:]
        var generation: UInt64 = 0
    }

    private let state = Mutex(State())
    private let capacity: Int

    /// A cache of at most `capacity` accounts; when full it starts over.
    init(capacity: Int) {
        self.capacity = capacity
    }

    /// The cached snapshot of `id`, or `nil` with the generation to pass to `store`.
    func lookup(_ id: AccountID) -> (snapshot: AccountSnapshot?, generation: UInt64) {
        state.withLock { ($0.entries[id], $0.generation) }
    }

    /// Caches a snapshot read from the database, unless an invalidation happened since
    /// the read began (at `generation`).
    func store(_ snapshot: AccountSnapshot, readAt generation: UInt64) {
        state.withLock { state in
            guard state.generation == generation else { return }
            if state.entries.count >= capacity { state.entries.removeAll(keepingCapacity: true) }
            state.entries[snapshot.account.id] = snapshot
        }
    }

    /// Forgets the accounts `ids`; call after the write that changed them committed.
    func invalidate(_ ids: some Sequence<AccountID>) {
        state.withLock { state in
            state.generation &+= 1
            for id in ids { state.entries.removeValue(forKey: id) }
        }
    }
}
