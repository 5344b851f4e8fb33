import Foundation
import PostgresNIO
import Synchronization
import VNeIDCore

extension PostgresStore: AuthenticationHistoryStore {
    /// One round trip: the batch goes to the `append_authentications` procedure (schema
    /// version 2), which stores the tokens, takes the history lock, numbers and stores the
    /// records, and commits, all on the server. The lock is thus held only while the
    /// server works, never across a round trip to this daemon, so batches from every
    /// daemon follow one another as fast as PostgreSQL can commit them.
    ///
    /// The replay rule stays the core's: each record goes with its form for the case its
    /// token turns out spent already (`AuthenticationRules.denyingReplays`), and the
    /// procedure only picks, per record, the form for what its insert found.
    public func appendAuthentications(_ records: [AuthenticationRecord], spentTokens: [SpentToken], now: Date) async throws -> Set<SpentToken.Identity> {
        guard !records.isEmpty || !spentTokens.isEmpty else { return [] }
        let encoder = JSONEncoder()
        let recordsJSON = String(decoding: try encoder.encode(records.enumerated().map { HistoryRow($1, position: $0 + 1) }), as: UTF8.self)
        let spentJSON = String(decoding: try encoder.encode(spentTokens.map(SpentRow.init)), as: UTF8.self)
        let logger = self.logger
        // One statement: sent from this task (no session thread). It waits for the history
        // lock on the server, bounded by lock_timeout, so its answer may take longer than
        // a statement's.
        return try await withConnection { connection in
            let answer = try await PostgresSession.answer(
                // Expired spent tokens are pruned by `pruneHistory`, off this path: NULL.
                to: "CALL append_authentications(\(recordsJSON)::jsonb, \(spentJSON)::jsonb, NULL, NULL, NULL)",
                on: connection, timeout: PostgresSession.lockWaitTimeout, logger: logger
            )
            guard let row = answer.rows.first?.makeRandomAccess() else {
                throw VNeIDError.internalError("the database answered the history append without its row")
            }
            let issuers = try row[0].decode([String].self)
            let tokenIDs = try row[1].decode([String].self)
            return Set(zip(issuers, tokenIDs).map { SpentToken.Identity(issuer: $0, tokenID: $1) })
        }
    }

    /// Two bounded deletes in one transaction, without the history lock (appends number
    /// from the newest decision, which is never deleted): the oldest `limit` decisions by
    /// sequence of which those decided before the cutoff go, and up to `limit` expired
    /// spent tokens by their expiry index.
    public func pruneHistory(decidedBefore: Date?, now: Date, limit: Int) async throws -> PrunedHistory {
        let cutoff = decidedBefore?.millisecondsSince1970
        let nowMs = now.millisecondsSince1970
        let limit = Int64(limit)
        return try await writeTakingLockLater { session in
            var decisions = 0
            if let cutoff {
                decisions = try session.execute("""
                    DELETE FROM authentication_history
                    WHERE sequence IN (SELECT sequence FROM authentication_history ORDER BY sequence LIMIT \(limit))
                      AND time_ms < \(cutoff)
                      AND sequence < (SELECT MAX(sequence) FROM authentication_history)
                    """)
            }
            let tokens = try session.execute("""
                DELETE FROM spent_tokens WHERE ctid IN
                    (SELECT ctid FROM spent_tokens WHERE remember_until_ms < \(nowMs) ORDER BY remember_until_ms LIMIT \(limit))
                """)
            return PrunedHistory(decisions: decisions, spentTokens: tokens)
        }
    }

    /// A record as the procedure reads it, with its form for a replay.
    private struct HistoryRow: Encodable {
        var position: Int
        var timeMs: Int64
        var accountID: String?
        var service: String
        var callerID: String
        var decision: String
        var reason: String?
        var tokenID: String?
        var issuer: String?
        var replayDecision: String
        var replayReason: String?

        init(_ record: AuthenticationRecord, position: Int) {
            let asReplay = record.issuer.flatMap { issuer in record.tokenID.map { SpentToken.Identity(issuer: issuer, tokenID: $0) } }
                .map { AuthenticationRules.denyingReplays([record], spentElsewhere: [$0])[0] } ?? record
            self.position = position
            timeMs = record.time.millisecondsSince1970
            accountID = record.accountID?.rawValue
            service = record.service.rawValue
            callerID = record.callerID
            (decision, reason) = StoredOutcome.columns(of: record.outcome)
            (replayDecision, replayReason) = StoredOutcome.columns(of: asReplay.outcome)
            tokenID = record.tokenID
            issuer = record.issuer
        }

        enum CodingKeys: String, CodingKey {
            case position, service, decision, reason, issuer
            case timeMs = "time_ms", accountID = "account_id", callerID = "caller_id", tokenID = "token_id"
            case replayDecision = "replay_decision", replayReason = "replay_reason"
        }
    }

    /// A spent token as the procedure reads it.
    private struct SpentRow: Encodable {
        var issuer: String
        var tokenID: String
        var rememberUntilMs: Int64

        init(_ token: SpentToken) {
            issuer = token.issuer
            tokenID = token.tokenID
            rememberUntilMs = token.rememberUntil.millisecondsSince1970
        }

        enum CodingKeys: String, CodingKey {
            case issuer, tokenID = "token_id", rememberUntilMs = "remember_until_ms"
        }
    }

    /// The procedure behind `appendAuthentications` (schema version 2).
    ///
    /// - The tokens go in first, before the history lock: the lock is held only for the
    ///   numbering, the records and the commit. (Its `prune_before_ms` deleted expired
    ///   tokens here once; the daemon now passes NULL and prunes in the background,
    ///   `pruneHistory`. The parameter stays, so schema version 2 is unchanged.) The tokens
    ///   another daemon stored already are not returned by the insert; they are the
    ///   replays.
    /// - Its statements each take a new snapshot, so the numbering read after the lock
    ///   sees every batch committed before.
    /// - It commits itself, so its answer comes after the commit: a `CALL`'s row is sent
    ///   when the procedure has returned. (The answer to a plain statement outside a
    ///   transaction would come before its commit, at which postgres-nio resolves it.)
    static let appendAuthenticationsProcedure = """
        CREATE PROCEDURE append_authentications(
            records JSONB, spent JSONB, prune_before_ms BIGINT,
            INOUT replayed_issuers TEXT[] DEFAULT NULL, INOUT replayed_token_ids TEXT[] DEFAULT NULL
        ) LANGUAGE plpgsql AS $$
        BEGIN
            -- The tokens first, outside the history lock, in one order for every batch:
            -- two batches racing for the same tokens wait for each other in that order
            -- (never in a cycle), and a batch holding the lock waits for no token.
            WITH offered AS (
                SELECT DISTINCT o.issuer, o.token_id, o.remember_until_ms
                FROM jsonb_to_recordset(spent) AS o(issuer TEXT, token_id TEXT, remember_until_ms BIGINT)
            ), fresh AS (
                INSERT INTO spent_tokens (issuer, token_id, remember_until_ms)
                SELECT o.issuer, o.token_id, o.remember_until_ms FROM offered o ORDER BY o.issuer, o.token_id
                ON CONFLICT DO NOTHING
                RETURNING spent_tokens.issuer, spent_tokens.token_id
            )
            SELECT COALESCE(array_agg(o.issuer), '{}'), COALESCE(array_agg(o.token_id), '{}')
            INTO replayed_issuers, replayed_token_ids
            FROM (SELECT DISTINCT o.issuer, o.token_id FROM offered o) AS o
            WHERE NOT EXISTS (SELECT 1 FROM fresh f WHERE f.issuer = o.issuer AND f.token_id = o.token_id);
            IF prune_before_ms IS NOT NULL THEN
                DELETE FROM spent_tokens WHERE remember_until_ms < prune_before_ms;
            END IF;
            PERFORM pg_advisory_xact_lock(\(AdvisoryLock.lockClass), \(AdvisoryLock.history.rawValue));
            INSERT INTO authentication_history (sequence, time_ms, account_id, service, caller_id, decision, reason, token_id, issuer)
            SELECT head.sequence + r.position, r.time_ms, r.account_id, r.service, r.caller_id,
                   CASE WHEN e.issuer IS NULL THEN r.decision ELSE r.replay_decision END,
                   CASE WHEN e.issuer IS NULL THEN r.reason ELSE r.replay_reason END,
                   r.token_id, r.issuer
            FROM jsonb_to_recordset(records) AS r(
                     position BIGINT, time_ms BIGINT, account_id TEXT, service TEXT, caller_id TEXT, decision TEXT,
                     reason TEXT, token_id TEXT, issuer TEXT, replay_decision TEXT, replay_reason TEXT)
                 CROSS JOIN (SELECT COALESCE(MAX(h.sequence), 0) AS sequence FROM authentication_history h) AS head
                 LEFT JOIN unnest(replayed_issuers, replayed_token_ids) AS e(issuer, token_id)
                        ON e.issuer = r.issuer AND e.token_id = r.token_id;
            COMMIT;
        END
        $$
        """

    public func authentications(of account: AccountID, before: Int64?, limit: Int) async throws -> [AuthenticationRecord] {
        try await withSession { session in
            try session.rows("""
                SELECT sequence, time_ms, service, caller_id, decision, reason, token_id, issuer
                FROM authentication_history
                WHERE account_id = \(account.rawValue) AND sequence < \(before ?? Int64.max)
                ORDER BY sequence DESC LIMIT \(Int64(max(1, limit)))
                """).map { row in
                AuthenticationRecord(
                    sequence: try row(0),
                    time: Date(millisecondsSince1970: try row(1)),
                    accountID: account,
                    service: ServiceName(trusted: try row(2)),
                    callerID: try row(3),
                    outcome: StoredOutcome.outcome(decision: try row(4), reason: try row(5)),
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
