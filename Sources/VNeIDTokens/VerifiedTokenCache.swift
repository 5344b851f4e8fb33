import CoreMetrics
import Synchronization
import VNeIDCore

/// Tokens whose signature already verified, so a token presented again (a session
/// re-checked, a retry) skips the signature check. Only the signature and parse are
/// cached: time, audience, replay and account checks run on every call.
///
/// Entries belong to one trust-store generation: a reload (a key removed) empties it.
final class VerifiedTokenCache: Sendable {
    private struct State {
        var generation: UInt64 = 0
        var entries: [String: VerifiedToken] = [:]
    }

    /// Tokens longer than this are not kept.
    static let maximumCachedLength = 4096
    private let capacity: Int
    private let state = Mutex(State())
    private let hits = Counter(label: MetricName.tokenCache, dimensions: [("result", "hit")])
    private let misses = Counter(label: MetricName.tokenCache, dimensions: [("result", "miss")])

    init(capacity: Int) {
        self.capacity = capacity
    }

    func lookup(_ token: String, generation: UInt64) -> VerifiedToken? {
        let found = state.withLock { state in state.generation == generation ? state.entries[token] : nil }
        (found == nil ? misses : hits).increment()
        return found
    }

    func store(_ verified: VerifiedToken, for token: String, generation: UInt64) {
        guard token.utf8.count <= Self.maximumCachedLength else { return }
        // A full cache starts over; the old entries are freed after the lock is released,
        // so other calls do not wait for that.
        let discarded: [String: VerifiedToken]? = state.withLock { state in
            var discarded: [String: VerifiedToken]?
            if state.generation != generation {
                guard generation > state.generation else { return nil }
                state.generation = generation
                discarded = state.entries
                state.entries = [:]
            } else if state.entries.count >= capacity {
                discarded = state.entries
                state.entries = [:]
            }
            state.entries[token] = verified
            return discarded
        }
        _ = discarded
    }
}
