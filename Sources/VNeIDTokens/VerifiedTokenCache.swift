import struct Foundation.Date
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

    init(capacity: Int) {
        self.capacity = capacity
    }

    func lookup(_ token: String, generation: UInt64) -> VerifiedToken? {
        state.withLock { state in state.generation == generation ? state.entries[token] : nil }
    }

    func store(_ verified: VerifiedToken, for token: String, generation: UInt64) {
        guard token.utf8.count <= Self.maximumCachedLength else { return }
        state.withLock { state in
            if state.generation != generation {
                guard generation > state.generation else { return }
                state.generation = generation
                state.entries.removeAll()
            }
            if state.entries.count >= capacity {
                let now = Date()
                state.entries = state.entries.filter { $0.value.expiresAt > now }
                if state.entries.count >= capacity / 2 { state.entries.removeAll(keepingCapacity: true) }
            }
            state.entries[token] = verified
        }
    }
}
