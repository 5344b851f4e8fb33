import Foundation
import PostgresNIO
import VNeIDCore

extension PostgresStore {
    public func notices(_ query: NoticeQuery) async throws -> [(sequence: UInt64, notice: Notice)] {
        var builder = PostgresQueryBuilder()
        var conditions = ["sequence > \(builder.bind(Int64(clamping: query.afterSequence)))"]
        if let channels = query.channels {
            guard !channels.isEmpty else { return [] }
            conditions.append("channel = ANY(\(builder.bind(channels.map(\.description))))")
        }
        if query.undeliveredOnly { conditions.append("delivered_at_ms IS NULL") }
        if let overdueAt = query.overdueAt {
            conditions.append("((delivered_at_ms IS NULL AND due_at_ms <= \(builder.bind(overdueAt.millisecondsSince1970))) OR delivered_at_ms > due_at_ms)")
        }
        if let order = query.orderID { conditions.append("order_id = \(builder.bind(order))") }
        let condition = conditions.joined(separator: " AND ")
        let bound = builder
        let limit = query.limit
        let found = try await withSession { session in
            try Self.fetchNotices(session, where: condition, bound, limit: limit).map { SequencedNotice(sequence: $0.sequence, notice: $0.notice) }
        }
        return found.map { ($0.sequence, $0.notice) }
    }

    public func acknowledgeNotice(id: String, channels: [NoticeChannel], by actor: AuditActor, at now: Date) async throws -> Notice {
        try await write { session in
            let notice = try RegistryWriteChecks.acknowledgeNotice(
                id: id, Self.fetchNotices(session, where: "id = $1", .init(binding: id), limit: 1).first?.notice, channels: channels
            )
            guard notice.deliveredAt == nil else { return notice }
            try session.execute("UPDATE notices SET delivered_at_ms = \(now.millisecondsSince1970), delivered_by = \(actor.name) WHERE id = \(id)")
            try Self.appendAudit(session, .noticeDelivered(notice, at: now, by: actor), binding: [AuditRecordKey(.notice, notice.id)])
            var delivered = notice
            delivered.deliveredAt = Date(millisecondsSince1970: now.millisecondsSince1970)
            delivered.deliveredBy = actor.name
            return delivered
        }
    }

    private struct SequencedNotice: Sendable {
        var sequence: UInt64
        var notice: Notice
    }

    /// Stores a notice owed under `order`, numbered next inside the writer lock, and
    /// returns its id.
    static func insertNotice(_ session: PostgresSession, _ notice: OrderDecision.NoticeToCreate, order: Order, at now: Date) throws -> String {
        let draft = notice.draft
        let id = RandomIdentifier.make("ntc_")
        try session.execute("""
            INSERT INTO notices (sequence, id, order_id, kind, recipient_role, recipient_id, recipient_name, account_id, channel,
                                 text, created_at_ms, due_at_ms)
            VALUES ((SELECT COALESCE(MAX(sequence), 0) + 1 FROM notices), \(id), \(order.id), \(draft.kind.rawValue),
                    \(draft.recipientRole.rawValue), \(draft.recipientID), \(draft.recipientName), \(order.accountID.rawValue),
                    \(draft.channel.description), \(draft.text), \(now.millisecondsSince1970), \(notice.dueAt.millisecondsSince1970))
            """)
        return id
    }

    static func fetchNotices(_ session: PostgresSession, where condition: String, _ builder: PostgresQueryBuilder, limit: Int) throws -> [(sequence: UInt64, notice: Notice)] {
        try session.rows(builder.query("""
            SELECT sequence, id, order_id, kind, recipient_role, recipient_id, recipient_name, account_id, channel, text,
                   created_at_ms, due_at_ms, delivered_at_ms, delivered_by
            FROM notices WHERE \(condition) ORDER BY sequence LIMIT \(max(1, limit))
            """)).map { row in
            let notice = Notice(
                id: try row(1), orderID: try row(2), kind: NoticeKind(rawValue: try row(3)) ?? .lockNotice,
                recipientRole: NoticeRecipientRole(rawValue: try row(4)) ?? .subject, recipientID: try row(5), recipientName: try row(6),
                accountID: AccountID(trustedCanonical: try row(7)),
                channel: NoticeChannel(stored: try row(8)) ?? .registry, text: try row(9),
                createdAt: Date(millisecondsSince1970: try row(10)), dueAt: Date(millisecondsSince1970: try row(11)),
                deliveredAt: try row(12, as: Int64?.self).map(Date.init(millisecondsSince1970:)), deliveredBy: try row(13)
            )
            return (UInt64(try row(0, as: Int64.self)), notice)
        }
    }
}
