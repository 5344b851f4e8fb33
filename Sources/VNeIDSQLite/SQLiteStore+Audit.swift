import Foundation
import GRDB
import VNeIDCore

extension SQLiteStore {
    /// Appends `event` to the audit log, chained to the last entry and binding the records
    /// of `binding` as they are now. Call inside the write transaction of the change it
    /// records, after the change.
    static func appendAudit(_ db: Database, _ event: AuditEvent, binding: [AuditRecordKey]) throws {
        try appendAudit(db, event, records: binding.map { try currentRecord(db, $0) })
    }

    /// Appends `event` binding `records`, which the caller derived in this transaction.
    static func appendAudit(_ db: Database, _ event: AuditEvent, records: [BoundRecord]) throws {
        let last = try Row.fetchOne(db.cachedStatement(sql: "SELECT sequence, hash FROM audit_log ORDER BY sequence DESC LIMIT 1"))
        let sequence = UInt64((last?[0] as Int64?) ?? 0) + 1
        let previous = last.map { [UInt8]($0[1] as Data) } ?? AuditEntry.genesisHash
        let entry = AuditEntry.chained(event, records: records, sequence: sequence, previousHash: previous)
        try db.cachedStatement(sql: """
            INSERT INTO audit_log (sequence, at_ms, kind, actor_id, actor_name, account_id, order_id, target, detail, previous_hash, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [
                Int64(sequence), event.at.millisecondsSince1970, event.kind.rawValue, event.actor.id, event.actor.name,
                event.accountID, event.orderID, event.target, event.detail, Data(entry.previousHash), Data(entry.hash),
            ])
        // Rows at this sequence can only be left over from a tail cut off the log outside
        // the daemon; they belong to no entry now. The cut shows in verification (the
        // records those entries bound, or a saved head), so the log goes on.
        try db.cachedStatement(sql: "DELETE FROM audit_records WHERE sequence = ?").execute(arguments: [Int64(sequence)])
        let insertRecord = try db.cachedStatement(sql: "INSERT INTO audit_records (sequence, position, kind, record_id, digest) VALUES (?, ?, ?, ?, ?)")
        for (position, record) in records.enumerated() {
            try insertRecord.execute(arguments: [Int64(sequence), position, record.key.kind.rawValue, record.key.id, Data(record.digest)])
        }
    }

    public func verifyAuditLog(_ verification: AuditLogVerification) async throws -> AuditLogVerification {
        // One read transaction: the entries and the records are one snapshot, so a change
        // committed meanwhile is either wholly in it (entry and rows) or wholly out.
        try await read { db in
            var verification = verification
            var after: Int64 = 0
            while true {
                let entries = try Self.fetchAudit(db, where: "sequence > ?", arguments: [after], limit: 2000)
                for entry in entries { verification.consume(entry) }
                guard let last = entries.last, entries.count == 2000 else { break }
                after = Int64(clamping: last.sequence)
            }
            try Self.forEachCurrentRecord(db) { verification.check($0) }
            verification.finish()
            return verification
        }
    }

    public func latestAuditEntry() async throws -> AuditEntry? {
        try await read { db in
            try Self.fetchAudit(db, where: "sequence = (SELECT MAX(sequence) FROM audit_log)", arguments: [], limit: 1).first
        }
    }

    public func auditEntries(_ query: AuditQuery) async throws -> [AuditEntry] {
        var conditions = ["sequence > ?"]
        var arguments: [(any DatabaseValueConvertible)?] = [Int64(clamping: query.afterSequence)]
        if let account = query.accountID { conditions.append("account_id = ?"); arguments.append(account) }
        if let principal = query.principalID {
            conditions.append("(actor_id = ? OR target = ?)")
            arguments += [principal as (any DatabaseValueConvertible)?, principal]
        }
        if !query.kinds.isEmpty {
            conditions.append("kind IN (\(query.kinds.map { _ in "?" }.joined(separator: ",")))")
            arguments += query.kinds.map { $0.rawValue as (any DatabaseValueConvertible)? }
        }
        if let from = query.from { conditions.append("at_ms >= ?"); arguments.append(from.millisecondsSince1970) }
        if let until = query.until { conditions.append("at_ms < ?"); arguments.append(until.millisecondsSince1970) }
        let condition = conditions.joined(separator: " AND ")
        let bound = StatementArguments(arguments)
        return try await read { db in try Self.fetchAudit(db, where: condition, arguments: bound, limit: query.limit) }
    }

    private static func fetchAudit(_ db: Database, where condition: String, arguments: StatementArguments, limit: Int) throws -> [AuditEntry] {
        var entries = try Row.fetchAll(db, sql: """
            SELECT sequence, at_ms, kind, actor_id, actor_name, account_id, order_id, target, detail, previous_hash, hash
            FROM audit_log WHERE \(condition) ORDER BY sequence LIMIT \(max(1, limit))
            """, arguments: arguments).map { row in
            let kindText: String = row[2]
            let event = AuditEvent(
                // An unknown kind can only come from an edited row; verification reports it.
                kind: AuditKind(rawValue: kindText) ?? .orderReceived,
                at: Date(millisecondsSince1970: row[1]),
                actor: AuditActor(id: row[3], name: row[4]),
                accountID: row[5], orderID: row[6], target: row[7], detail: row[8]
            )
            var entry = AuditEntry(
                sequence: UInt64(row[0] as Int64), event: event,
                previousHash: [UInt8](row[9] as Data), hash: [UInt8](row[10] as Data)
            )
            if AuditKind(rawValue: kindText) == nil { entry.hash = [] }
            return entry
        }
        try attachRecords(db, to: &entries)
        return entries
    }

    /// Reads the records `entries` bind. A page of consecutive entries is one range read;
    /// a filtered page reads its entries' sequences.
    private static func attachRecords(_ db: Database, to entries: inout [AuditEntry]) throws {
        guard let first = entries.first?.sequence, let last = entries.last?.sequence else { return }
        let rows: [Row]
        if last - first + 1 == UInt64(entries.count) {
            rows = try Row.fetchAll(db, sql: """
                SELECT sequence, kind, record_id, digest FROM audit_records WHERE sequence BETWEEN ? AND ? ORDER BY sequence, position
                """, arguments: [Int64(clamping: first), Int64(clamping: last)])
        } else {
            rows = try Row.fetchAll(db, sql: """
                SELECT sequence, kind, record_id, digest FROM audit_records
                WHERE sequence IN (\(entries.map { String($0.sequence) }.joined(separator: ","))) ORDER BY sequence, position
                """)
        }
        guard !rows.isEmpty else { return }
        let index = Dictionary(uniqueKeysWithValues: entries.enumerated().map { ($1.sequence, $0) })
        for row in rows {
            guard let position = index[UInt64(row[0] as Int64)] else { continue }
            guard let kind = AuditRecordKind(rawValue: row[1]) else {
                // Only an edited row names an unknown kind; the entry no longer verifies.
                entries[position].hash = []
                continue
            }
            entries[position].records.append(BoundRecord(key: AuditRecordKey(kind, row[2]), digest: [UInt8](row[3] as Data)))
        }
    }
}
