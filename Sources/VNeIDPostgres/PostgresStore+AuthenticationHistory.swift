import Foundation
import PostgresNIO
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
            var next: Int64 = try session.one("SELECT COALESCE(MAX(sequence), 0) FROM authentication_history").map { try $0(0) } ?? 0
            for chunk in AuthenticationRules.denyingReplays(records, spentElsewhere: spentElsewhere).chunked(into: 4000) {
                var builder = PostgresQueryBuilder()
                let rows = chunk.map { record -> String in
                    next += 1
                    let (decision, reason): (String, String?) = switch record.outcome {
                    case .allowed: ("allow", nil)
                    case .denied(let reason): ("deny", reason.code)
                    }
                    let values = [
                        builder.bind(next), builder.bind(record.time.millisecondsSince1970), builder.bind(record.accountID?.rawValue),
                        builder.bind(record.service.rawValue), builder.bind(record.callerID), builder.bind(decision),
                        builder.bind(reason), builder.bind(record.tokenID), builder.bind(record.issuer),
                    ]
                    return "(\(values.joined(separator: ", ")))"
                }
                try session.execute(builder.query("""
                    INSERT INTO authentication_history (sequence, time_ms, account_id, service, caller_id, decision, reason, token_id, issuer)
                    VALUES \(rows.joined(separator: ", "))
                    """))
            }
            if !spentTokens.isEmpty {
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

extension Array {
    /// The array in consecutive slices of at most `size` elements.
    func chunked(into size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0 ..< Swift.min($0 + size, count)] }
    }
}
