import Foundation
import PostgresNIO
import VNeIDCore

extension PostgresStore: AccountStore {
    public func account(id: AccountID) async throws -> Account? {
        try await accountSnapshot(id: id)?.account
    }

    /// From memory while the change feed vouches for it (see `ChangeFeed`), else read in
    /// one statement.
    public func accountSnapshot(id: AccountID) async throws -> AccountSnapshot? {
        let fresh = feed.isFresh
        let (cached, generation) = accountCache.lookup(id)
        if fresh, let cached { return cached }
        let snapshot = try await fetchSnapshot(id: id)
        // Stored only if no invalidation came between the lookup and now (the generation).
        if fresh, let snapshot { accountCache.store(snapshot, readAt: generation) }
        return snapshot
    }

    /// Waits until the change feed has applied every change committed, through any
    /// daemon, before the call: `false` after `timeout` (the feed cannot read). For tests
    /// and tools that must see another daemon's write here without polling for it.
    public func changeFeedCaughtUp(within timeout: Duration) async -> Bool {
        await feed.caughtUp(within: timeout)
    }

    public func accountStatus(id: AccountID) async throws -> AccountStatus? {
        try await accountSnapshot(id: id)?.status
    }

    public func accountStatuses(ids: [AccountID]) async throws -> [AccountID: AccountStatus] {
        let unique = Array(Set(ids))
        guard !unique.isEmpty else { return [:] }
        return try await read { session in
            var statuses: [AccountID: AccountStatus] = [:]
            for id in unique {
                if let snapshot = try Self.fetchSnapshot(session, id: id) { statuses[id] = snapshot.status }
            }
            return statuses
        }
    }

    public func registeredAccountIDs(among ids: Set<AccountID>) async throws -> Set<AccountID> {
        guard !ids.isEmpty else { return [] }
        let texts = ids.map(\.rawValue)
        return try await withSession { session in
            let found: [String] = try session.rows("SELECT id FROM accounts WHERE id = ANY(\(texts))").map { try $0(0) }
            let registered = Set(found)
            return ids.filter { registered.contains($0.rawValue) }
        }
    }

    /// One transaction: the records go into a temporary table with COPY, then, under the
    /// writer lock, one UPDATE changes the accounts that differ (new status version) and
    /// one INSERT adds the new ones, so a million records take seconds, not a round trip
    /// each.
    public func importAccounts(_ records: [AccountRecord], at now: Date) async throws -> AccountImportCounts {
        guard !records.isEmpty else { return AccountImportCounts() }
        let nowMilliseconds = now.millisecondsSince1970
        let (counts, changed) = try await writeTakingLockLater { session in
            try session.execute("""
                CREATE TEMPORARY TABLE import_accounts (
                    id TEXT NOT NULL, kind TEXT NOT NULL, display_name TEXT NOT NULL,
                    assurance_level INTEGER NOT NULL, managing_organization_id TEXT
                ) ON COMMIT DROP
                """)
            try session.copy(
                into: "import_accounts", columns: ["id", "kind", "display_name", "assurance_level", "managing_organization_id"],
                count: records.count
            ) { index in
                let record = records[index]
                return [
                    record.id.rawValue, record.kind.rawValue, record.displayName, String(record.assuranceLevel.rawValue),
                ].map(PostgresSession.copyField).joined(separator: "\t")
                    + "\t" + PostgresSession.copyField(record.managingOrganizationID?.rawValue) + "\n"
            }
            // The records are on the server: only applying them waits for, and holds up,
            // the cluster's other writers.
            try Self.take(.writer, in: session)
            let updated: [String] = try session.rows("""
                UPDATE accounts a
                SET display_name = b.display_name, assurance_level = b.assurance_level,
                    managing_organization_id = b.managing_organization_id,
                    status_version = a.status_version + 1, updated_at_ms = \(nowMilliseconds)
                FROM import_accounts b
                WHERE a.id = b.id
                  AND (a.display_name, a.assurance_level, a.managing_organization_id)
                      IS DISTINCT FROM (b.display_name, b.assurance_level, b.managing_organization_id)
                RETURNING a.id
                """, timeout: PostgresSession.bulkStatementTimeout).map { try $0(0) }
            let created = try session.execute("""
                INSERT INTO accounts (id, kind, display_name, assurance_level, managing_organization_id,
                                      status_version, created_at_ms, updated_at_ms)
                SELECT b.id, b.kind, b.display_name, b.assurance_level, b.managing_organization_id, 1, \(nowMilliseconds), \(nowMilliseconds)
                FROM import_accounts b
                WHERE NOT EXISTS (SELECT 1 FROM accounts a WHERE a.id = b.id)
                """, timeout: PostgresSession.bulkStatementTimeout)
            if updated.count > ChangeFeed.largestChangeListed {
                try ChangeFeed.record(session, kind: "all", key: "", at: now)
            } else {
                for id in updated { try ChangeFeed.record(session, kind: "account", key: id, at: now) }
            }
            var counts = AccountImportCounts()
            counts.created = created
            counts.updated = updated.count
            counts.unchanged = records.count - created - updated.count
            return (counts, updated)
        }
        if changed.count > ChangeFeed.largestChangeListed {
            accountCache.invalidateAll()
        } else if !changed.isEmpty {
            accountCache.invalidate(changed.map { AccountID(trustedCanonical: $0) })
        }
        return counts
    }

    /// The grounds and suspensions of an account, as one JSON column each.
    private struct StoredLock: Decodable { var reason: String; var since: Int64; var order: String }
    private struct StoredSuspension: Decodable { var service: String; var station: String; var since: Int64; var order: String }

    static func fetchSnapshot(_ session: PostgresSession, id: AccountID) throws -> AccountSnapshot? {
        try session.one(snapshotQuery(id: id)).map { try snapshot(id: id, from: $0) }
    }

    /// One account's snapshot, read in one statement sent from the calling task.
    func fetchSnapshot(id: AccountID) async throws -> AccountSnapshot? {
        let logger = self.logger
        return try await withConnection { connection in
            let answer = try await PostgresSession.answer(to: Self.snapshotQuery(id: id), on: connection, timeout: PostgresSession.statementTimeout, logger: logger)
            return try answer.rows.first.map { try Self.snapshot(id: id, from: PostgresColumns($0.makeRandomAccess())) }
        }
    }

    /// The statement reading one account and its status; `snapshot(id:from:)` reads its row.
    private static func snapshotQuery(id: AccountID) -> PostgresQuery {
        """
            SELECT display_name, assurance_level, managing_organization_id, created_at_ms, updated_at_ms,
                   status_version, GREATEST(updated_at_ms, COALESCE(status_changed_at_ms, 0)),
                   CASE WHEN state = 'locked' THEN
                       (SELECT json_agg(json_build_object('reason', reason, 'since', since_ms, 'order', order_id) ORDER BY since_ms, order_id)::text
                        FROM account_locks WHERE account_id = a.id)
                   END,
                   (SELECT json_agg(json_build_object('service', service, 'station', station_id, 'since', since_ms, 'order', order_id)
                                    ORDER BY since_ms, service, station_id)::text
                    FROM suspensions WHERE account_id = a.id)
            FROM accounts a WHERE id = \(id.rawValue)
            """
    }

    private static func snapshot(id: AccountID, from row: PostgresColumns) throws -> AccountSnapshot {
        let record = AccountRecord(
            trustedID: id,
            displayName: try row(0),
            assuranceLevel: AssuranceLevel(rawValue: Int(try row(1, as: Int32.self))) ?? .level1,
            managingOrganizationID: try row(2, as: String?.self).map { AccountID(trusted: $0, kind: .organization) }
        )
        let account = Account(
            record: record,
            createdAt: Date(millisecondsSince1970: try row(3)),
            updatedAt: Date(millisecondsSince1970: try row(4))
        )
        let decoder = JSONDecoder()
        let locks = try row(7, as: String?.self).map { try decoder.decode([StoredLock].self, from: Data($0.utf8)) } ?? []
        let suspensions = try row(8, as: String?.self).map { try decoder.decode([StoredSuspension].self, from: Data($0.utf8)) } ?? []
        let status = AccountStatus(
            accountID: id,
            locks: locks.map {
                AccountStatus.Lock(reason: LockReason(rawValue: $0.reason) ?? .thirdPartyRequest, since: Date(millisecondsSince1970: $0.since), orderID: $0.order)
            },
            suspensions: suspensions.map {
                AccountStatus.Suspension(service: $0.service, stationID: $0.station, since: Date(millisecondsSince1970: $0.since), orderID: $0.order)
            },
            statusVersion: UInt64(try row(5, as: Int64.self)),
            updatedAt: Date(millisecondsSince1970: try row(6))
        )
        return AccountSnapshot(account: account, status: status)
    }
}
