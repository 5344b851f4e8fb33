import struct Foundation.Date
import GRDB
import VNeIDCore

extension SQLiteStore: AccountStore {
    public func account(id: AccountID) async throws -> Account? {
        try await accountSnapshot(id: id)?.account
    }

    public func accountSnapshot(id: AccountID) async throws -> AccountSnapshot? {
        let (cached, generation) = accountCache.lookup(id)
        if let cached { return cached }
        let snapshot = try await read { db in try Self.fetchSnapshot(db, id: id) }
        if let snapshot { accountCache.store(snapshot, readAt: generation) }
        return snapshot
    }

    public func accountStatus(id: AccountID) async throws -> AccountStatus? {
        try await accountSnapshot(id: id)?.status
    }

    public func accountStatuses(ids: [AccountID]) async throws -> [AccountID: AccountStatus] {
        var statuses: [AccountID: AccountStatus] = [:]
        statuses.reserveCapacity(ids.count)
        var missing: [AccountID] = []
        var generation: UInt64 = 0
        for id in ids where statuses[id] == nil {
            let lookup = accountCache.lookup(id)
            if let snapshot = lookup.snapshot { statuses[id] = snapshot.status } else { missing.append(id); generation = lookup.generation }
        }
        guard !missing.isEmpty else { return statuses }
        // Up to a batch of point reads: too long to hold a cooperative thread, so this one
        // goes through GRDB's reader queue. The generation of the last miss is the newest;
        // a write after it voids the stores.
        let toFetch = missing
        let fetched = try await read { db in try toFetch.compactMap { try Self.fetchSnapshot(db, id: $0) } }
        for snapshot in fetched {
            statuses[snapshot.account.id] = snapshot.status
            accountCache.store(snapshot, readAt: generation)
        }
        return statuses
    }

    public func registeredAccountIDs(among ids: Set<AccountID>) async throws -> Set<AccountID> {
        try await read { db in
            let statement = try db.cachedStatement(sql: "SELECT 1 FROM accounts WHERE id = ?")
            return try ids.filter { try Bool.fetchOne(statement, arguments: [$0.rawValue]) != nil }
        }
    }

    public func importAccounts(_ records: [AccountRecord], at now: Date) async throws -> AccountImportCounts {
        let nowMilliseconds = now.millisecondsSince1970
        return try await writeAccounts { db, changed in
            let select = try db.cachedStatement(sql: """
                SELECT display_name, assurance_level, managing_organization_id FROM accounts WHERE id = ?
                """)
            let insert = try db.cachedStatement(sql: """
                INSERT INTO accounts (id, kind, display_name, assurance_level, managing_organization_id,
                                      status_version, created_at_ms, updated_at_ms)
                VALUES (?, ?, ?, ?, ?, 1, ?, ?)
                """)
            let update = try db.cachedStatement(sql: """
                UPDATE accounts
                SET display_name = ?, assurance_level = ?, managing_organization_id = ?,
                    status_version = status_version + 1, updated_at_ms = ?
                WHERE id = ?
                """)
            var counts = AccountImportCounts()
            for record in records {
                let organization = record.managingOrganizationID?.rawValue
                if let existing = try Row.fetchOne(select, arguments: [record.id.rawValue]) {
                    let unchanged = (existing[0] as String) == record.displayName
                        && (existing[1] as Int) == record.assuranceLevel.rawValue
                        && (existing[2] as String?) == organization
                    if unchanged {
                        counts.unchanged += 1
                    } else {
                        try update.execute(arguments: [
                            record.displayName, record.assuranceLevel.rawValue, organization,
                            nowMilliseconds, record.id.rawValue,
                        ])
                        changed.insert(record.id)
                        counts.updated += 1
                    }
                } else {
                    try insert.execute(arguments: [
                        record.id.rawValue, record.kind.rawValue, record.displayName,
                        record.assuranceLevel.rawValue, organization, nowMilliseconds, nowMilliseconds,
                    ])
                    counts.created += 1
                }
            }
            return counts
        }
    }

    static func fetchSnapshot(_ db: Database, id: AccountID) throws -> AccountSnapshot? {
        let statement = try db.cachedStatement(sql: """
            SELECT display_name, assurance_level, managing_organization_id, created_at_ms, updated_at_ms,
                   state, status_version, MAX(updated_at_ms, COALESCE(status_changed_at_ms, 0))
            FROM accounts WHERE id = ?
            """)
        guard let row = try Row.fetchOne(statement, arguments: [id.rawValue]) else { return nil }
        let record = AccountRecord(
            trustedID: id,
            displayName: row[0],
            assuranceLevel: AssuranceLevel(rawValue: row[1]) ?? .level1,
            managingOrganizationID: (row[2] as String?).map { AccountID(trusted: $0, kind: .organization) }
        )
        let account = Account(
            record: record,
            createdAt: Date(millisecondsSince1970: row[3]),
            updatedAt: Date(millisecondsSince1970: row[4])
        )
        // `state` says whether any ground is in force; only then are they read.
        var locks: [AccountStatus.Lock] = []
        if (row[5] as String) == "locked" {
            let lockStatement = try db.cachedStatement(sql: """
                SELECT reason, since_ms, order_id FROM account_locks WHERE account_id = ? ORDER BY since_ms, order_id
                """)
            locks = try Row.fetchAll(lockStatement, arguments: [id.rawValue]).map { row in
                AccountStatus.Lock(
                    reason: LockReason(rawValue: row[0]) ?? .thirdPartyRequest,
                    since: Date(millisecondsSince1970: row[1]),
                    orderID: row[2]
                )
            }
        }
        let suspensionStatement = try db.cachedStatement(sql: """
            SELECT service, station_id, since_ms, order_id FROM suspensions
            WHERE account_id = ? ORDER BY since_ms, service, station_id
            """)
        let suspensions = try Row.fetchAll(suspensionStatement, arguments: [id.rawValue]).map { row in
            AccountStatus.Suspension(
                service: row[0],
                stationID: row[1],
                since: Date(millisecondsSince1970: row[2]),
                orderID: row[3]
            )
        }
        let status = AccountStatus(
            accountID: id,
            locks: locks,
            suspensions: suspensions,
            statusVersion: UInt64(row[6] as Int64),
            updatedAt: Date(millisecondsSince1970: row[7])
        )
        return AccountSnapshot(account: account, status: status)
    }
}
