import Foundation
import PostgresNIO
import VNeIDCore

extension PostgresStore {
    /// Appends `event` to the audit log, chained to the last entry and binding the records
    /// of `binding` as they are now. Call inside a write transaction holding the writer
    /// lock, after the change it records: the lock is what makes the last entry read here
    /// the one committed just before, on any daemon.
    static func appendAudit(_ session: PostgresSession, _ event: AuditEvent, binding: [AuditRecordKey]) throws {
        let records = try binding.map { try currentRecord(session, $0) }
        let last = try session.one("SELECT sequence, hash FROM audit_log ORDER BY sequence DESC LIMIT 1")
        let sequence = UInt64(try last?(0, as: Int64.self) ?? 0) + 1
        let previous = try last.map { [UInt8](try $0(1, as: Data.self)) } ?? AuditEntry.genesisHash
        let entry = AuditEntry.chained(event, records: records, sequence: sequence, previousHash: previous)
        try session.execute("""
            INSERT INTO audit_log (sequence, at_ms, kind, actor_id, actor_name, account_id, order_id, target, detail, previous_hash, hash)
            VALUES (\(Int64(sequence)), \(event.at.millisecondsSince1970), \(event.kind.rawValue), \(event.actor.id), \(event.actor.name),
                    \(event.accountID), \(event.orderID), \(event.target), \(event.detail), \(Data(entry.previousHash)), \(Data(entry.hash)))
            """)
        // Rows at this sequence can only be left over from a tail cut off the log outside
        // the daemon; they belong to no entry now (verification shows the cut).
        try session.execute("DELETE FROM audit_records WHERE sequence = \(Int64(sequence))")
        for (position, record) in records.enumerated() {
            try session.execute("""
                INSERT INTO audit_records (sequence, position, kind, record_id, digest)
                VALUES (\(Int64(sequence)), \(Int32(position)), \(record.key.kind.rawValue), \(record.key.id), \(Data(record.digest)))
                """)
        }
    }

    public func verifyAuditLog(_ verification: AuditLogVerification) async throws -> AuditLogVerification {
        // One repeatable-read transaction: the entries and the records are one snapshot.
        try await read { session in
            var verification = verification
            var after: Int64 = 0
            while true {
                let entries = try Self.fetchAudit(session, where: "sequence > $1", .init(bindingNumber: after), limit: 2000)
                for entry in entries { verification.consume(entry) }
                guard let last = entries.last, entries.count == 2000 else { break }
                after = Int64(clamping: last.sequence)
            }
            try Self.forEachCurrentRecord(session) { verification.check($0) }
            verification.finish()
            return verification
        }
    }

    public func latestAuditEntry() async throws -> AuditEntry? {
        try await read { session in
            try Self.fetchAudit(session, where: "sequence = (SELECT MAX(sequence) FROM audit_log)", limit: 1).first
        }
    }

    public func auditEntries(_ query: AuditQuery) async throws -> [AuditEntry] {
        var builder = PostgresQueryBuilder()
        var conditions = ["sequence > \(builder.bind(Int64(clamping: query.afterSequence)))"]
        if let account = query.accountID { conditions.append("account_id = \(builder.bind(account))") }
        if let principal = query.principalID {
            let placeholder = builder.bind(principal)
            conditions.append("(actor_id = \(placeholder) OR target = \(placeholder))")
        }
        if !query.kinds.isEmpty { conditions.append("kind = ANY(\(builder.bind(query.kinds.map(\.rawValue))))") }
        if let from = query.from { conditions.append("at_ms >= \(builder.bind(from.millisecondsSince1970))") }
        if let until = query.until { conditions.append("at_ms < \(builder.bind(until.millisecondsSince1970))") }
        let condition = conditions.joined(separator: " AND ")
        let bound = builder
        let limit = query.limit
        return try await read { session in try Self.fetchAudit(session, where: condition, bound, limit: limit) }
    }

    private static func fetchAudit(_ session: PostgresSession, where condition: String, _ builder: PostgresQueryBuilder = .init(), limit: Int) throws -> [AuditEntry] {
        var entries = try session.rows(builder.query("""
            SELECT sequence, at_ms, kind, actor_id, actor_name, account_id, order_id, target, detail, previous_hash, hash
            FROM audit_log WHERE \(condition) ORDER BY sequence LIMIT \(max(1, limit))
            """)).map { row in
            let kindText: String = try row(2)
            let event = AuditEvent(
                // An unknown kind can only come from an edited row; verification reports it.
                kind: AuditKind(rawValue: kindText) ?? .orderReceived,
                at: Date(millisecondsSince1970: try row(1)),
                actor: AuditActor(id: try row(3), name: try row(4)),
                accountID: try row(5), orderID: try row(6), target: try row(7), detail: try row(8)
            )
            var entry = AuditEntry(
                sequence: UInt64(try row(0, as: Int64.self)), event: event,
                previousHash: [UInt8](try row(9, as: Data.self)), hash: [UInt8](try row(10, as: Data.self))
            )
            if AuditKind(rawValue: kindText) == nil { entry.hash = [] }
            return entry
        }
        try attachRecords(session, to: &entries)
        return entries
    }

    /// Reads the records `entries` bind.
    private static func attachRecords(_ session: PostgresSession, to entries: inout [AuditEntry]) throws {
        guard !entries.isEmpty else { return }
        let sequences = entries.map { Int64(clamping: $0.sequence) }
        let rows = try session.rows("""
            SELECT sequence, kind, record_id, digest FROM audit_records WHERE sequence = ANY(\(sequences)) ORDER BY sequence, position
            """)
        guard !rows.isEmpty else { return }
        let index = Dictionary(uniqueKeysWithValues: entries.enumerated().map { ($1.sequence, $0) })
        for row in rows {
            guard let position = index[UInt64(try row(0, as: Int64.self))] else { continue }
            guard let kind = AuditRecordKind(rawValue: try row(1)) else {
                // Only an edited row names an unknown kind; the entry no longer verifies.
                entries[position].hash = []
                continue
            }
            entries[position].records.append(BoundRecord(key: AuditRecordKey(kind, try row(2)), digest: [UInt8](try row(3, as: Data.self))))
        }
    }

    /// The record `key` as its rows stand, or its absence.
    static func currentRecord(_ session: PostgresSession, _ key: AuditRecordKey) throws -> BoundRecord {
        let record: BoundRecord? = switch key.kind {
        case .order:
            try fetchOrder(session, id: key.id, includingNotices: false).map(BoundRecord.init)
        case .notice:
            try fetchNotices(session, where: "id = $1", .init(binding: key.id), limit: 1).first.map { BoundRecord($0.notice) }
        case .authorization:
            try fetchAuthorizations(session, where: "id = $1", .init(binding: key.id)).first.map(BoundRecord.init)
        case .principal:
            try fetchPrincipals(session, where: "id = $1", .init(binding: key.id)).first.map {
                BoundRecord($0, keys: try fetchCredentials(session, principalID: $0.id))
            }
        case .service:
            try fetchServices(session, named: ServiceName(trusted: key.id)).values.first.map(BoundRecord.init)
        case .accountStatus:
            try fetchSnapshot(session, id: AccountID(trustedCanonical: key.id)).map { BoundRecord($0.status) }
        }
        return record ?? .absent(key)
    }

    /// Calls `body` with every record that exists now, of every bound kind. An account
    /// with no ground in force has no record.
    static func forEachCurrentRecord(_ session: PostgresSession, _ body: (BoundRecord) throws -> Void) throws {
        let orderIDs: [String] = try session.rows("SELECT id FROM orders ORDER BY sequence").map { try $0(0) }
        for id in orderIDs {
            if let order = try fetchOrder(session, id: id, includingNotices: false) { try body(BoundRecord(order)) }
        }
        var afterNotice: Int64 = 0
        while true {
            let page = try fetchNotices(session, where: "sequence > $1", .init(bindingNumber: afterNotice), limit: 2000)
            for (_, notice) in page { try body(BoundRecord(notice)) }
            guard let last = page.last, page.count == 2000 else { break }
            afterNotice = Int64(clamping: last.sequence)
        }
        for authorization in try fetchAuthorizations(session, where: "TRUE") { try body(BoundRecord(authorization)) }
        for principal in try fetchPrincipals(session, where: "TRUE") {
            try body(BoundRecord(principal, keys: try fetchCredentials(session, principalID: principal.id)))
        }
        for service in try fetchServices(session).values { try body(BoundRecord(service)) }
        // Any trace of a ground, so that a ground hidden by an edited `accounts.state` is
        // still compared (and then found missing from what the daemon serves).
        let accountIDs: [String] = try session.rows("""
            SELECT id FROM accounts WHERE state <> 'active'
            UNION SELECT account_id FROM account_locks
            UNION SELECT account_id FROM suspensions
            """).map { try $0(0) }
        for id in accountIDs {
            guard let snapshot = try fetchSnapshot(session, id: AccountID(trustedCanonical: id)) else { continue }
            let record = BoundRecord(snapshot.status)
            if !record.isAbsent { try body(record) }
        }
    }
}
