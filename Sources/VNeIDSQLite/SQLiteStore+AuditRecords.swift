import Foundation
import GRDB
import VNeIDCore

/// The records bound to the audit chain, read back from their rows: what an entry binds
/// when it is written, and what verification re-derives later. Both read the same way, so
/// a record whose rows were not touched outside the daemon always matches its binding.
extension SQLiteStore {
    /// The record `key` as its rows stand, or its absence.
    static func currentRecord(_ db: Database, _ key: AuditRecordKey) throws -> BoundRecord {
        let record: BoundRecord? = switch key.kind {
        case .order:
            try fetchOrder(db, id: key.id, includingNotices: false).map(BoundRecord.init)
        case .notice:
            try fetchNotices(db, where: "id = ?", arguments: [key.id], limit: 1).first.map { BoundRecord($0.notice) }
        case .authorization:
            try fetchAuthorizations(db, where: "id = ?", arguments: [key.id]).first.map(BoundRecord.init)
        case .principal:
            try fetchPrincipals(db, where: "id = ?", arguments: [key.id]).first.map {
                BoundRecord($0, keys: try fetchCredentials(db, principalID: $0.id))
            }
        case .service:
            try fetchServices(db)[ServiceName(trusted: key.id)].map(BoundRecord.init)
        case .accountStatus:
            try fetchSnapshot(db, id: AccountID(trustedCanonical: key.id)).map { BoundRecord($0.status) }
        }
        return record ?? .absent(key)
    }

    /// Calls `body` with every record that exists now, of every bound kind. An account
    /// with no ground in force has no record.
    static func forEachCurrentRecord(_ db: Database, _ body: (BoundRecord) throws -> Void) throws {
        let orders = try String.fetchCursor(db, sql: "SELECT id FROM orders ORDER BY sequence")
        while let id = try orders.next() {
            if let order = try fetchOrder(db, id: id, includingNotices: false) { try body(BoundRecord(order)) }
        }
        var afterNotice: Int64 = 0
        while true {
            let page = try fetchNotices(db, where: "sequence > ?", arguments: [afterNotice], limit: 2000)
            for (_, notice) in page { try body(BoundRecord(notice)) }
            guard let last = page.last, page.count == 2000 else { break }
            afterNotice = Int64(clamping: last.sequence)
        }
        for authorization in try fetchAuthorizations(db, where: "1", arguments: []) { try body(BoundRecord(authorization)) }
        for principal in try fetchPrincipals(db, where: "1", arguments: []) {
            try body(BoundRecord(principal, keys: try fetchCredentials(db, principalID: principal.id)))
        }
        for service in try fetchServices(db).values { try body(BoundRecord(service)) }
        // Any trace of a ground, so that a ground hidden by an edited `accounts.state` is
        // still compared (and then found missing from what the daemon serves).
        let accounts = try String.fetchCursor(db, sql: """
            SELECT id FROM accounts WHERE state <> 'active'
            UNION SELECT account_id FROM account_locks
            UNION SELECT account_id FROM suspensions
            """)
        while let id = try accounts.next() {
            guard let snapshot = try fetchSnapshot(db, id: AccountID(trustedCanonical: id)) else { continue }
            let record = BoundRecord(snapshot.status)
            if !record.isAbsent { try body(record) }
        }
    }

    /// Binds the records written before record binding existed, once, by one
    /// RECORDS_SEALED entry, in the transaction that clears the mark migration v5 left.
    /// A new database has nothing to bind and gets no entry.
    static func sealRecordsIfPending(_ db: Database) throws {
        guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM audit_seal_pending)") == true else { return }
        try db.execute(sql: "DELETE FROM audit_seal_pending")
        var records: [BoundRecord] = []
        try forEachCurrentRecord(db) { records.append($0) }
        guard !records.isEmpty else { return }
        let counts = Dictionary(grouping: records, by: \.key.kind).mapValues(\.count)
        let detail = "\(records.count) records written before records were bound, bound as they stood: "
            + AuditRecordKind.allCases.compactMap { kind in counts[kind].map { "\($0) \(kind.rawValue)" } }.joined(separator: ", ")
        try appendAudit(db, AuditEvent(kind: .recordsSealed, at: Date(), actor: .system, detail: detail), records: records)
    }
}
