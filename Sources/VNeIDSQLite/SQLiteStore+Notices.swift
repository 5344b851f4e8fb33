import Foundation
import GRDB
import VNeIDCore

extension SQLiteStore {
    public func notices(_ query: NoticeQuery) async throws -> [(sequence: UInt64, notice: Notice)] {
        var conditions = ["sequence > ?"]
        var arguments: [(any DatabaseValueConvertible)?] = [Int64(clamping: query.afterSequence)]
        if let channels = query.channels {
            guard !channels.isEmpty else { return [] }
            conditions.append("channel IN (\(channels.map { _ in "?" }.joined(separator: ",")))")
            arguments += channels.map { $0.description as (any DatabaseValueConvertible)? }
        }
        if query.undeliveredOnly { conditions.append("delivered_at_ms IS NULL") }
        if let overdueAt = query.overdueAt {
            conditions.append("((delivered_at_ms IS NULL AND due_at_ms <= ?) OR delivered_at_ms > due_at_ms)")
            arguments.append(overdueAt.millisecondsSince1970)
        }
        if let order = query.orderID { conditions.append("order_id = ?"); arguments.append(order) }
        let condition = conditions.joined(separator: " AND ")
        let bound = StatementArguments(arguments)
        let limit = query.limit
        return try await read { db in try Self.fetchNotices(db, where: condition, arguments: bound, limit: limit) }
    }

    public func acknowledgeNotice(id: String, channels: [NoticeChannel], by actor: AuditActor, at now: Date) async throws -> Notice {
        try await pool.write { db in
            let notice = try RegistryWriteChecks.acknowledgeNotice(
                id: id, Self.fetchNotices(db, where: "id = ?", arguments: [id], limit: 1).first?.notice, channels: channels
            )
            guard notice.deliveredAt == nil else { return notice }
            try db.execute(
                sql: "UPDATE notices SET delivered_at_ms = ?, delivered_by = ? WHERE id = ?",
                arguments: [now.millisecondsSince1970, actor.name, id]
            )
            try Self.appendAudit(db, .noticeDelivered(notice, at: now, by: actor), binding: [AuditRecordKey(.notice, notice.id)])
            var delivered = notice
            delivered.deliveredAt = Date(millisecondsSince1970: now.millisecondsSince1970)
            delivered.deliveredBy = actor.name
            return delivered
        }
    }

    /// Stores a notice owed under `order` and returns its id.
    static func insertNotice(_ db: Database, _ notice: OrderDecision.NoticeToCreate, order: Order, at now: Date) throws -> String {
        let draft = notice.draft
        let id = RandomIdentifier.make("ntc_")
        try db.execute(sql: """
            INSERT INTO notices (id, order_id, kind, recipient_role, recipient_id, recipient_name, account_id, channel,
                                 text, created_at_ms, due_at_ms)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [
                id, order.id, draft.kind.rawValue, draft.recipientRole.rawValue, draft.recipientID,
                draft.recipientName, order.accountID.rawValue, draft.channel.description, draft.text,
                now.millisecondsSince1970, notice.dueAt.millisecondsSince1970,
            ])
        return id
    }

    static func fetchNotices(_ db: Database, where condition: String, arguments: StatementArguments, limit: Int) throws -> [(sequence: UInt64, notice: Notice)] {
        try Row.fetchAll(db, sql: """
            SELECT sequence, id, order_id, kind, recipient_role, recipient_id, recipient_name, account_id, channel, text,
                   created_at_ms, due_at_ms, delivered_at_ms, delivered_by
            FROM notices WHERE \(condition) ORDER BY sequence LIMIT \(max(1, limit))
            """, arguments: arguments).map { row in
            let account: String = row[7]
            let notice = Notice(
                id: row[1], orderID: row[2], kind: NoticeKind(rawValue: row[3]) ?? .lockNotice,
                recipientRole: NoticeRecipientRole(rawValue: row[4]) ?? .subject, recipientID: row[5], recipientName: row[6],
                accountID: AccountID(trustedCanonical: account),
                channel: NoticeChannel(stored: row[8]) ?? .registry, text: row[9],
                createdAt: Date(millisecondsSince1970: row[10]), dueAt: Date(millisecondsSince1970: row[11]),
                deliveredAt: (row[12] as Int64?).map(Date.init(millisecondsSince1970:)), deliveredBy: row[13]
            )
            return (UInt64(row[0] as Int64), notice)
        }
    }
}
