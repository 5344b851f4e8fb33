import Foundation
import Synchronization
import VNeIDCore

/// Remembers one-time tokens (`iss`, `jti`) presented to services with replay protection,
/// until they expire, so a second presentation is denied.
///
/// Marking a token spent is atomic with checking it, so two concurrent presentations of
/// the same token cannot both pass. The set is persisted with the authentication history
/// (same transaction) and reloaded at start, so a restart does not reopen the window.
///
/// Forgetting is spread over the calls: entries are also filed by the second they expire
/// in, and each call drops the seconds that have passed since the previous one, so no call
/// ever sweeps the whole set.
public final class ReplayGuard: Sendable {
    private struct Key: Hashable {
        var issuer: String
        var tokenID: String
    }

    private struct State {
        var spent: [Key: Int64] = [:]
        var expiring: [Int64: [Key]] = [:]
        /// Every second before this one has been dropped.
        var prunedUntil: Int64 = .min

        mutating func insert(_ key: Key, until second: Int64) {
            spent[key] = second
            expiring[second, default: []].append(key)
        }

        mutating func prune(before now: Int64) {
            guard now > prunedUntil else { return }
            // After a long idle period walk the filed seconds, not every second between.
            let seconds = prunedUntil != .min && now - prunedUntil <= 600
                ? Array(max(prunedUntil, now - 600)..<now).filter { expiring[$0] != nil }
                : expiring.keys.filter { $0 < now }
            for second in seconds {
                for key in expiring.removeValue(forKey: second) ?? [] where spent[key] == second {
                    spent.removeValue(forKey: key)
                }
            }
            prunedUntil = now
        }
    }

    private let state = Mutex(State())

    /// Creates a guard that already knows `spent` tokens.
    public init(spent: [SpentToken] = []) {
        state.withLock { state in
            for token in spent {
                state.insert(Key(issuer: token.issuer, tokenID: token.tokenID), until: Self.second(token.rememberUntil))
            }
        }
    }

    /// Marks `token` spent and returns `true`, or returns `false` if it was spent already
    /// and is still remembered at `now`.
    public func spend(_ token: SpentToken, at now: Date) -> Bool {
        let nowSecond = Self.second(now)
        let untilSecond = Self.second(token.rememberUntil)
        return state.withLock { state in
            state.prune(before: nowSecond)
            let key = Key(issuer: token.issuer, tokenID: token.tokenID)
            if let until = state.spent[key], until >= nowSecond { return false }
            state.insert(key, until: untilSecond)
            return true
        }
    }

    /// Forgets that `token` was spent, when the call that spent it failed before its
    /// decision was recorded: the caller was told to retry, and the retry must be judged
    /// as the first presentation would have been. A later spending of the same token
    /// (another `rememberUntil`) is left alone.
    public func unspend(_ token: SpentToken) {
        let untilSecond = Self.second(token.rememberUntil)
        state.withLock { state in
            let key = Key(issuer: token.issuer, tokenID: token.tokenID)
            if state.spent[key] == untilSecond { state.spent.removeValue(forKey: key) }
        }
    }

    /// How many tokens are remembered.
    public var count: Int { state.withLock { $0.spent.count } }

    /// The whole second a date falls in, rounded up so a token is never forgotten early.
    private static func second(_ date: Date) -> Int64 {
        Int64(date.timeIntervalSince1970.rounded(.up))
    }
}
