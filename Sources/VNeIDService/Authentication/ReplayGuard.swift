import Foundation
import Synchronization
import VNeIDCore

/// Remembers one-time tokens (`iss`, `jti`) presented to services with replay protection,
/// until they expire, so a second presentation is denied.
///
/// Marking a token spent is atomic with checking it, so two concurrent presentations of
/// the same token cannot both pass. The set is persisted with the authentication history
/// (same transaction) and reloaded at start, so a restart does not reopen the window.
public final class ReplayGuard: Sendable {
    private struct Key: Hashable {
        var issuer: String
        var tokenID: String
    }

    private struct State {
        var spent: [Key: Date] = [:]
        var nextPrune = Date.distantPast
    }

    private let state = Mutex(State())

    /// Creates a guard that already knows `spent` tokens.
    public init(spent: [SpentToken] = []) {
        state.withLock { state in
            for token in spent { state.spent[Key(issuer: token.issuer, tokenID: token.tokenID)] = token.rememberUntil }
        }
    }

    /// Marks `token` spent and returns `true`, or returns `false` if it was spent already
    /// and is still remembered at `now`.
    public func spend(_ token: SpentToken, at now: Date) -> Bool {
        state.withLock { state in
            if now >= state.nextPrune {
                state.spent = state.spent.filter { $0.value >= now }
                state.nextPrune = now.addingTimeInterval(60)
            }
            let key = Key(issuer: token.issuer, tokenID: token.tokenID)
            if let until = state.spent[key], until >= now { return false }
            state.spent[key] = token.rememberUntil
            return true
        }
    }
}
