import Foundation
import PostgresNIO
import Synchronization
import VNeIDCore

extension PostgresStore: AuthenticationHistoryStore {
    /// One transaction under the history lock, so sequences follow commit order across
    /// daemons; each statement carries many rows (up to the protocol's 65,535 parameters).
    /// The tokens go in first: one another daemon stored already is not returned by the
    /// insert, and the decision that allowed it is written as a replay.
    public func appendAuthentications(_ records: [AuthenticationRecord], spentTokens: [SpentToken], now: Date) async throws -> Set<SpentToken.Identity> {
        guard !records.isEmpty || !spentTokens.isEmpty else { return [] }
        return try await write(lock: .history) { session in
            var spentElsewhere = Set(spentTokens.map(\.identity))
            for chunk in spentTokens.chunked(into: 8000) {
                var builder = PostgresQueryBuilder()
                let rows = chunk.map { token in
                    "(\(builder.bind(token.issuer)), \(builder.bind(token.tokenID)), \(builder.bind(token.rememberUntil.millisecondsSince1970)))"
                }
                for row in try session.rows(builder.query("""
                    INSERT INTO spent_tokens (issuer, token_id, remember_until_ms) VALUES \(rows.joined(separator: ", "))
                    ON CONFLICT DO NOTHING RETURNING issuer, token_id
                    """)) {
                    spentElsewhere.remove(SpentToken.Identity(issuer: try row(0), tokenID: try row(1)))
                }
            }
            for chunk in AuthenticationRules.denyingReplays(records, spentElsewhere: spentElsewhere).chunked(into: 4000) {
                var builder = PostgresQueryBuilder()
                let rows = chunk.enumerated().map { position, record -> String in
                    let (decision, reason): (String, String?) = switch record.outcome {
                    case .allowed: ("allow", nil)
                    case .denied(let reason): ("deny", reason.code)
                    }
                    let values = [
                        builder.bind(Int64(position + 1)), builder.bind(record.time.millisecondsSince1970), builder.bind(record.accountID?.rawValue),
                        builder.bind(record.service.rawValue), builder.bind(record.callerID), builder.bind(decision),
                        builder.bind(reason), builder.bind(record.tokenID), builder.bind(record.issuer),
                    ]
                    return "(\(values.joined(separator: ", ")))"
                }
                // Numbered after the last record in the same statement, inside the lock.
                try session.execute(builder.query("""
                    INSERT INTO authentication_history (sequence, time_ms, account_id, service, caller_id, decision, reason, token_id, issuer)
                    SELECT last.sequence + v.position, v.time_ms, v.account_id, v.service, v.caller_id, v.decision, v.reason, v.token_id, v.issuer
                    FROM (VALUES \(rows.joined(separator: ", "))) AS v(position, time_ms, account_id, service, caller_id, decision, reason, token_id, issuer),
                         (SELECT COALESCE(MAX(sequence), 0) AS sequence FROM authentication_history) AS last
                    """))
            }
            if !spentTokens.isEmpty, self.spentTokenPruning.isDue() {
                try session.execute("DELETE FROM spent_tokens WHERE remember_until_ms < \(now.millisecondsSince1970)")
            }
            return spentElsewhere
        }
    }

    public func authentications(of account: AccountID, before: Int64?, limit: Int) async throws -> [AuthenticationRecord] {
        try await withSession { session in
            try session.rows("""
                SELECT sequence, time_ms, service, caller_id, decision, reason, token_id, issuer
                FROM authentication_history
                WHERE account_id = \(account.rawValue) AND sequence < \(before ?? Int64.max)
                ORDER BY sequence DESC LIMIT \(Int64(max(1, limit)))
                """).map { row in
                let reason: String? = try row(5)
                return AuthenticationRecord(
                    sequence: try row(0),
                    time: Date(millisecondsSince1970: try row(1)),
                    accountID: account,
                    service: ServiceName(trusted: try row(2)),
                    callerID: try row(3),
                    outcome: try row(4, as: String.self) == "allow" ? .allowed : .denied(reason.flatMap(DenyReason.init(code:)) ?? .malformedToken),
                    tokenID: try row(6),
                    issuer: try row(7)
                )
            }
        }
    }

    public func spentTokens(rememberedAt now: Date) async throws -> [SpentToken] {
        try await withSession { session in
            try session.rows("""
                SELECT issuer, token_id, remember_until_ms FROM spent_tokens WHERE remember_until_ms >= \(now.millisecondsSince1970)
                """).map { row in
                SpentToken(issuer: try row(0), tokenID: try row(1), rememberUntil: Date(millisecondsSince1970: try row(2)))
            }
        }
    }
}

/// Spent tokens past their memory are pruned at most once every ten seconds, not in every
/// history batch: a round trip saved on the hot path, and nothing is remembered longer
/// than that interval beyond its time (a token is judged by its own expiry first).
final class PruneSchedule: Sendable {
    private let next = Mutex(ContinuousClock.now)
    private let interval: Duration

    init(every interval: Duration) {
        self.interval = interval
    }

    /// Whether a prune is due now; if so, the next one is due an interval later.
    func isDue() -> Bool {
        next.withLock { next in
            guard ContinuousClock.now >= next else { return false }
            next = ContinuousClock.now + interval
            return true
        }
    }
}

extension Array {
    /// The array in consecutive slices of at most `size` elements.
    func chunked(into size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0 ..< Swift.min($0 + size, count)] }
    }
}
