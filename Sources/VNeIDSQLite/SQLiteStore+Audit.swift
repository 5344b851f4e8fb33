import Foundation
import GRDB
import VNeIDCore

extension SQLiteStore {
    /// Appends `event` to the audit log, chained to the last entry. Call inside the write
    /// transaction of the change it records.
    static func appendAudit(_ db: Database, _ event: AuditEvent) throws {
        let last = try Row.fetchOne(db.cachedStatement(sql: "SELECT sequence, hash FROM audit_log ORDER BY sequence DESC LIMIT 1"))
        let sequence = UInt64((last?[0] as Int64?) ?? 0) + 1
        let previous = last.map { [UInt8]($0[1] as Data) } ?? AuditEntry.genesisHash
        let entry = AuditEntry.chained(event, sequence: sequence, previousHash: previous)
        try db.cachedStatement(sql: """
            INSERT INTO audit_log (sequence, at_ms, kind, actor_id, actor_name, account_id, order_id, target, detail, previous_hash, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [
                Int64(sequence), event.at.millisecondsSince1970, event.kind.rawValue, event.actor.id, event.actor.name,
                event.accountID, event.orderID, event.target, event.detail, Data(entry.previousHash), Data(entry.hash),
            ])
    }

    public func auditEntries(after sequence: UInt64, limit: Int) async throws -> [AuditEntry] {
        try await read { db in
            try Self.fetchAudit(db, where: "sequence > ?", arguments: [Int64(clamping: sequence)], limit: limit)
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
        try Row.fetchAll(db, sql: """
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
    }
}
