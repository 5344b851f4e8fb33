import Foundation
import PostgresNIO
import VNeIDCore

extension PostgresStore: OrderStore {
    /// Runs the core's order algorithm over a `PostgresOrderTransaction`, inside one write
    /// transaction holding the writer lock: no other daemon's order decides meanwhile, so
    /// the decision is taken on the state it acts on, and a request id raced against two
    /// daemons finds the first execution's record.
    public func execute(_ command: OrderCommand) async throws -> OrderExecution {
        let (execution, changed) = try await write { session in
            let transaction = PostgresOrderTransaction(session)
            return (try OrderExecution.carryOut(command, in: transaction), transaction.changedAccounts)
        }
        // This daemon reads its own writes at once; the others through the change feed.
        if !changed.isEmpty { accountCache.invalidate(changed) }
        return execution
    }

    public func order(id: String) async throws -> Order? {
        try await read { session in try Self.fetchOrder(session, id: id) }
    }

    public func orders(_ query: OrderQuery) async throws -> [Order] {
        try await read { session in
            var builder = PostgresQueryBuilder()
            var conditions: [String] = []
            if let account = query.accountID { conditions.append("account_id = \(builder.bind(account.rawValue))") }
            if let state = query.state { conditions.append("state = \(builder.bind(state.rawValue))") }
            if let kind = query.kind { conditions.append("kind = \(builder.bind(kind.rawValue))") }
            if let overdueAt = query.overdueAt {
                conditions.append("state = 'PENDING_REVIEW' AND review_deadline_ms <= \(builder.bind(overdueAt.millisecondsSince1970))")
            }
            if let requester = query.requestedBy { conditions.append("requested_by_id = \(builder.bind(requester))") }
            if let station = query.stationID { conditions.append("station_id = \(builder.bind(station.rawValue))") }
            if let unit = query.visibleToPoliceUnit { conditions.append("(police_unit IS NULL OR police_unit = \(builder.bind(unit.rawValue)))") }
            if let before = query.beforeOrderID {
                guard let row = try session.one("SELECT sequence FROM orders WHERE id = \(before)") else {
                    throw VNeIDError.invalidArgument("page_token '\(before)' is not one ListOrders gave; start again without it")
                }
                conditions.append("sequence < \(builder.bind(try row(0, as: Int64.self)))")
            }
            let condition = conditions.isEmpty ? "TRUE" : conditions.joined(separator: " AND ")
            let ids: [String] = try session.rows(builder.query(
                "SELECT id FROM orders WHERE \(condition) ORDER BY sequence DESC LIMIT \(max(1, query.limit))"
            )).map { try $0(0) }
            return try ids.compactMap { try Self.fetchOrder(session, id: $0) }
        }
    }

    public func overdueCounts(at now: Date) async throws -> OverdueCounts {
        let milliseconds = now.millisecondsSince1970
        return try await read { session in
            let requests: Int64 = try session.one("""
                SELECT COUNT(*) FROM orders WHERE state = 'PENDING_REVIEW' AND review_deadline_ms <= \(milliseconds)
                """).map { try $0(0) } ?? 0
            let notices: Int64 = try session.one("""
                SELECT COUNT(*) FROM notices WHERE delivered_at_ms IS NULL AND due_at_ms <= \(milliseconds)
                """).map { try $0(0) } ?? 0
            let pending: Int64 = try session.one("SELECT COUNT(*) FROM notices WHERE delivered_at_ms IS NULL").map { try $0(0) } ?? 0
            return OverdueCounts(lockRequests: Int(requests), notices: Int(notices), pendingNotices: Int(pending))
        }
    }

    public func statusChanges(after sequence: UInt64, limit: Int) async throws -> [StatusChange] {
        try await withSession { session in
            try session.rows("""
                SELECT sequence, account_id, order_id, order_kind, at_ms, status FROM status_changes
                WHERE sequence > \(Int64(clamping: sequence)) ORDER BY sequence LIMIT \(Int64(max(1, limit)))
                """).map { row in
                let number: Int64 = try row(0)
                let id = AccountID(trustedCanonical: try row(1))
                // Skipping an unreadable change would make watchers miss it; fail instead.
                guard let status = StoredForms.status(try row(5), accountID: id) else {
                    throw VNeIDError.internalError("status change \(number) cannot be read back from the database")
                }
                return StatusChange(
                    sequence: UInt64(number), status: status, orderID: try row(2),
                    orderKind: OrderKind(rawValue: try row(3)) ?? .lock, at: Date(millisecondsSince1970: try row(4))
                )
            }
        }
    }

    // MARK: - Writing

    static func save(_ session: PostgresSession, _ order: Order, isNew: Bool) throws {
        if isNew {
            try session.execute("""
                INSERT INTO orders (sequence, id, kind, account_id, ground, grounds_text, document_reference, document_date,
                                    service, station_id, requested_by_id, requested_by, decided_by, state,
                                    received_at_ms, review_deadline_ms, decided_at_ms, refusal_reason,
                                    police_unit, lifted_order_id, organization_id)
                VALUES ((SELECT COALESCE(MAX(sequence), 0) + 1 FROM orders), \(order.id), \(order.kind.rawValue), \(order.accountID.rawValue),
                        \(order.grounds.ground.rawValue), \(order.grounds.text), \(order.grounds.documentReference),
                        \(order.grounds.documentDate?.description), \(order.service?.rawValue), \(order.stationID?.rawValue),
                        \(order.requestedBy.principalID), \(StoredForms.encode(order.requestedBy)), \(order.decidedBy.map(StoredForms.encode)),
                        \(order.state.rawValue), \(order.receivedAt.millisecondsSince1970), \(order.reviewDeadline?.millisecondsSince1970),
                        \(order.decidedAt?.millisecondsSince1970), \(order.refusalReason),
                        \(order.policeUnit?.rawValue), \(order.liftedOrderID), \(order.grounds.organizationID?.rawValue))
                """)
            for (position, event) in order.history.enumerated() { try insertEvent(session, event, of: order.id, at: position) }
        } else {
            try session.execute("""
                UPDATE orders SET decided_by = \(order.decidedBy.map(StoredForms.encode)), state = \(order.state.rawValue),
                                  decided_at_ms = \(order.decidedAt?.millisecondsSince1970), refusal_reason = \(order.refusalReason)
                WHERE id = \(order.id)
                """)
            if let last = order.history.last { try insertEvent(session, last, of: order.id, at: order.history.count - 1) }
        }
    }

    private static func insertEvent(_ session: PostgresSession, _ event: Order.Event, of orderID: String, at position: Int) throws {
        try session.execute("""
            INSERT INTO order_events (order_id, position, state, at_ms, actor, note)
            VALUES (\(orderID), \(Int32(position)), \(event.state.rawValue), \(event.at.millisecondsSince1970), \(StoredForms.encode(event.by)), \(event.note))
            """)
    }

    /// Stores the status and appends its change, numbered next inside the writer lock.
    static func writeStatus(_ session: PostgresSession, _ status: AccountStatus, order: Order, at now: Date) throws {
        let primary = status.primaryLock
        let account = status.accountID.rawValue
        try session.execute("""
            UPDATE accounts SET state = \(primary == nil ? "active" : "locked"), lock_reason = \(primary?.reason.rawValue),
                                lock_since_ms = \(primary?.since.millisecondsSince1970), lock_order_id = \(primary?.orderID),
                                status_version = \(Int64(status.statusVersion)), status_changed_at_ms = \(now.millisecondsSince1970)
            WHERE id = \(account)
            """)
        try session.execute("DELETE FROM account_locks WHERE account_id = \(account)")
        for lock in status.locks {
            try session.execute("""
                INSERT INTO account_locks (account_id, order_id, reason, since_ms)
                VALUES (\(account), \(lock.orderID), \(lock.reason.rawValue), \(lock.since.millisecondsSince1970))
                """)
        }
        try session.execute("DELETE FROM suspensions WHERE account_id = \(account)")
        for suspension in status.suspensions {
            try session.execute("""
                INSERT INTO suspensions (account_id, service, station_id, since_ms, order_id)
                VALUES (\(account), \(suspension.service), \(suspension.stationID), \(suspension.since.millisecondsSince1970), \(suspension.orderID))
                """)
        }
        try ChangeFeed.record(session, kind: "account", key: account, at: now)
        try session.execute("""
            INSERT INTO status_changes (sequence, account_id, order_id, order_kind, at_ms, status)
            VALUES ((SELECT COALESCE(MAX(sequence), 0) + 1 FROM status_changes), \(account), \(order.id), \(order.kind.rawValue),
                    \(now.millisecondsSince1970), \(StoredForms.encode(status)))
            """)
    }

    // MARK: - Reading orders

    /// The order `id` with its history and, unless `includingNotices` is false, its notices.
    static func fetchOrder(_ session: PostgresSession, id: String, includingNotices: Bool = true) throws -> Order? {
        guard let row = try session.one("""
            SELECT id, kind, account_id, ground, grounds_text, document_reference, document_date, service, station_id,
                   requested_by, decided_by, state, received_at_ms, review_deadline_ms, decided_at_ms, refusal_reason,
                   police_unit, lifted_order_id, organization_id
            FROM orders WHERE id = \(id)
            """) else { return nil }
        let grounds = OrderGrounds(
            ground: OrderGround(rawValue: try row(3)) ?? .termsViolation, text: try row(4), documentReference: try row(5),
            documentDate: try row(6, as: String?.self).flatMap(LocalDate.init(iso:)),
            organizationID: try row(18, as: String?.self).map { AccountID(trusted: $0, kind: .organization) }
        )
        let history = try session.rows("""
            SELECT state, at_ms, actor, note FROM order_events WHERE order_id = \(id) ORDER BY position
            """).map { event in
            Order.Event(
                state: OrderState(rawValue: try event(0)) ?? .pendingReview, at: Date(millisecondsSince1970: try event(1)),
                by: StoredForms.actor(try event(2)), note: try event(3)
            )
        }
        let notices = includingNotices ? try fetchNotices(session, where: "order_id = $1", .init(binding: id), limit: 1000).map(\.notice) : []
        return Order(
            id: try row(0), kind: OrderKind(rawValue: try row(1)) ?? .lock,
            accountID: AccountID(trustedCanonical: try row(2)),
            grounds: grounds, service: try row(7, as: String?.self).map(ServiceName.init(trusted:)),
            stationID: try row(8, as: String?.self).map(StationID.init(trusted:)),
            requestedBy: StoredForms.actor(try row(9)), decidedBy: try row(10, as: String?.self).map(StoredForms.actor),
            state: OrderState(rawValue: try row(11)) ?? .pendingReview,
            receivedAt: Date(millisecondsSince1970: try row(12)),
            reviewDeadline: try row(13, as: Int64?.self).map(Date.init(millisecondsSince1970:)),
            decidedAt: try row(14, as: Int64?.self).map(Date.init(millisecondsSince1970:)),
            refusalReason: try row(15), history: history, notices: notices,
            liftedOrderID: try row(17), policeUnit: try row(16, as: String?.self).map(PoliceUnitID.init(trusted:))
        )
    }
}
