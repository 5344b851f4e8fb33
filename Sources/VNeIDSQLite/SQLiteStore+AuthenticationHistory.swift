import Foundation
import GRDB
import VNeIDCore

extension SQLiteStore: AuthenticationHistoryStore {
    public func appendAuthentications(_ records: [AuthenticationRecord], spentTokens: [SpentToken], now: Date) async throws -> Set<SpentToken.Identity> {
        try await pool.write { db in
            // The tokens first: one found stored already was spent before (this process's
            // replay guard saw every token it stored, so only a copy of the file from
            // another process's store could hold one), and its decision is a replay.
            let insertSpent = try db.cachedStatement(sql: """
                INSERT OR IGNORE INTO spent_tokens (issuer, token_id, remember_until_ms) VALUES (?, ?, ?)
                """)
            var spentElsewhere = Set<SpentToken.Identity>()
            for token in spentTokens {
                try insertSpent.execute(arguments: [token.issuer, token.tokenID, token.rememberUntil.millisecondsSince1970])
                if db.changesCount == 0 { spentElsewhere.insert(token.identity) }
            }
            let insertRecord = try db.cachedStatement(sql: """
                INSERT INTO authentication_history (time_ms, account_id, service, caller_id, decision, reason, token_id, issuer)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for record in AuthenticationRules.denyingReplays(records, spentElsewhere: spentElsewhere) {
                let (decision, reason) = StoredOutcome.columns(of: record.outcome)
                try insertRecord.execute(arguments: [
                    record.time.millisecondsSince1970, record.accountID?.rawValue, record.service.rawValue,
                    record.callerID, decision, reason, record.tokenID, record.issuer,
                ])
            }
            return spentElsewhere
        }
    }

    public func authentications(of account: AccountID, before: Int64?, limit: Int) async throws -> [AuthenticationRecord] {
        try await read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT sequence, time_ms, service, caller_id, decision, reason, token_id, issuer
                FROM authentication_history
                WHERE account_id = ? AND sequence < ?
                ORDER BY sequence DESC LIMIT ?
                """, arguments: [account.rawValue, before ?? Int64.max, limit])
            return rows.map { row in
                AuthenticationRecord(
                    sequence: row[0],
                    time: Date(millisecondsSince1970: row[1]),
                    accountID: account,
                    service: ServiceName(trusted: row[2]),
                    callerID: row[3],
                    outcome: StoredOutcome.outcome(decision: row[4], reason: row[5]),
                    tokenID: row[6],
                    issuer: row[7]
                )
            }
        }
    }

    public func spentTokens(rememberedAt now: Date) async throws -> [SpentToken] {
        try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT issuer, token_id, remember_until_ms FROM spent_tokens WHERE remember_until_ms >= ?
                """, arguments: [now.millisecondsSince1970]).map { row in
                SpentToken(issuer: row[0], tokenID: row[1], rememberUntil: Date(millisecondsSince1970: row[2]))
            }
        }
    }

    /// Two bounded deletes in one write transaction: the oldest `limit` decisions by
    /// sequence (the primary key, so the batch reads `limit` rows whatever the table's
    /// size) of which those decided before the cutoff go, and up to `limit` expired spent
    /// tokens (by their expiry index).
    public func pruneHistory(decidedBefore: Date?, now: Date, limit: Int) async throws -> PrunedHistory {
        try await pool.write { db in
            var decisions = 0
            if let decidedBefore {
                try db.execute(sql: """
                    DELETE FROM authentication_history
                    WHERE sequence IN (SELECT sequence FROM authentication_history ORDER BY sequence LIMIT ?)
                      AND time_ms < ?
                      AND sequence < (SELECT MAX(sequence) FROM authentication_history)
                    """, arguments: [limit, decidedBefore.millisecondsSince1970])
                decisions = db.changesCount
            }
            try db.execute(sql: """
                DELETE FROM spent_tokens WHERE (issuer, token_id) IN
                    (SELECT issuer, token_id FROM spent_tokens WHERE remember_until_ms < ? ORDER BY remember_until_ms LIMIT ?)
                """, arguments: [now.millisecondsSince1970, limit])
            return PrunedHistory(decisions: decisions, spentTokens: db.changesCount)
        }
    }
}
