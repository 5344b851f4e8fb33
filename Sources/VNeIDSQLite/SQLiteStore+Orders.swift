import Foundation
import GRDB
import VNeIDCore

extension SQLiteStore: OrderStore {
    public func execute(_ command: OrderCommand) async throws -> OrderExecution {
        try await writeAccounts { db, changed in
            let transaction = SQLiteOrderTransaction(db)
            let execution = try OrderExecution.carryOut(command, in: transaction)
            changed.formUnion(transaction.changedAccounts)
            return execution
        }
    }

    public func order(id: String) async throws -> Order? {
        try await read { db in try Self.fetchOrder(db, id: id) }
    }

    public func orders(_ query: OrderQuery) async throws -> [Order] {
        var conditions: [String] = []
        var arguments: [(any DatabaseValueConvertible)?] = []
        if let account = query.accountID { conditions.append("account_id = ?"); arguments.append(account.rawValue) }
        if let state = query.state { conditions.append("state = ?"); arguments.append(state.rawValue) }
        if let kind = query.kind { conditions.append("kind = ?"); arguments.append(kind.rawValue) }
        if let overdueAt = query.overdueAt {
            conditions.append("state = 'PENDING_REVIEW' AND review_deadline_ms <= ?")
            arguments.append(overdueAt.millisecondsSince1970)
        }
        if let requester = query.requestedBy { conditions.append("requested_by_id = ?"); arguments.append(requester) }
        if let station = query.stationID { conditions.append("station_id = ?"); arguments.append(station.rawValue) }
        if let unit = query.visibleToPoliceUnit { conditions.append("(police_unit IS NULL OR police_unit = ?)"); arguments.append(unit.rawValue) }
        if query.beforeOrderID != nil { conditions.append("sequence < ?") }
        let condition = conditions.isEmpty ? "1" : conditions.joined(separator: " AND ")
        let limit = max(1, query.limit)
        let filters = StatementArguments(arguments)
        return try await read { db in
            var bound = filters
            if let before = query.beforeOrderID {
                guard let sequence = try Int64.fetchOne(db, sql: "SELECT sequence FROM orders WHERE id = ?", arguments: [before]) else {
                    throw VNeIDError.invalidArgument("page_token '\(before)' is not one ListOrders gave; start again without it")
                }
                bound += [sequence]
            }
            let ids = try String.fetchAll(db, sql: "SELECT id FROM orders WHERE \(condition) ORDER BY sequence DESC LIMIT \(limit)", arguments: bound)
            return try ids.compactMap { try Self.fetchOrder(db, id: $0) }
        }
    }

    public func overdueCounts(at now: Date) async throws -> OverdueCounts {
        let milliseconds = now.millisecondsSince1970
        return try await read { db in
            let requests = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM orders WHERE state = 'PENDING_REVIEW' AND review_deadline_ms <= ?
                """, arguments: [milliseconds]) ?? 0
            let notices = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM notices WHERE delivered_at_ms IS NULL AND due_at_ms <= ?
                """, arguments: [milliseconds]) ?? 0
            let pending = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM notices WHERE delivered_at_ms IS NULL") ?? 0
            return OverdueCounts(lockRequests: requests, notices: notices, pendingNotices: pending)
        }
    }

    public func statusChanges(after sequence: UInt64, limit: Int) async throws -> [StatusChange] {
        try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT sequence, account_id, order_id, order_kind, at_ms, status FROM status_changes
                WHERE sequence > ? ORDER BY sequence LIMIT \(max(1, limit))
                """, arguments: [Int64(clamping: sequence)]).map { row in
                let id = AccountID(trustedCanonical: row[1])
                // Skipping an unreadable change would make watchers miss it; fail instead.
                guard let status = StoredForms.status(row[5], accountID: id) else {
                    throw VNeIDError.internalError("status change \(row[0] as Int64) cannot be read back from the database")
                }
                return StatusChange(
                    sequence: UInt64(row[0] as Int64), status: status, orderID: row[2],
                    orderKind: OrderKind(rawValue: row[3]) ?? .lock, at: Date(millisecondsSince1970: row[4])
                )
            }
        }
    }

    // MARK: - Writing

    static func save(_ db: Database, _ order: Order, isNew: Bool) throws {
        if isNew {
            try db.execute(sql: """
                INSERT INTO orders (id, kind, account_id, ground, grounds_text, document_reference, document_date,
                                    service, station_id, requested_by_id, requested_by, decided_by, state,
                                    received_at_ms, review_deadline_ms, decided_at_ms, refusal_reason,
                                    police_unit, lifted_order_id, organization_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [
                    order.id, order.kind.rawValue, order.accountID.rawValue, order.grounds.ground.rawValue,
                    order.grounds.text, order.grounds.documentReference, order.grounds.documentDate?.description,
                    order.service?.rawValue, order.stationID?.rawValue, order.requestedBy.principalID,
                    StoredForms.encode(order.requestedBy), order.decidedBy.map(StoredForms.encode), order.state.rawValue,
                    order.receivedAt.millisecondsSince1970, order.reviewDeadline?.millisecondsSince1970,
                    order.decidedAt?.millisecondsSince1970, order.refusalReason,
                    order.policeUnit?.rawValue, order.liftedOrderID, order.grounds.organizationID?.rawValue,
                ])
            for (position, event) in order.history.enumerated() { try insertEvent(db, event, of: order.id, at: position) }
        } else {
            try db.execute(sql: """
                UPDATE orders SET decided_by = ?, state = ?, decided_at_ms = ?, refusal_reason = ? WHERE id = ?
                """, arguments: [
                    order.decidedBy.map(StoredForms.encode), order.state.rawValue,
                    order.decidedAt?.millisecondsSince1970, order.refusalReason, order.id,
                ])
            if let last = order.history.last { try insertEvent(db, last, of: order.id, at: order.history.count - 1) }
        }
    }

    private static func insertEvent(_ db: Database, _ event: Order.Event, of orderID: String, at position: Int) throws {
        try db.execute(
            sql: "INSERT INTO order_events (order_id, position, state, at_ms, actor, note) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [orderID, position, event.state.rawValue, event.at.millisecondsSince1970, StoredForms.encode(event.by), event.note]
        )
    }

    static func writeStatus(_ db: Database, _ status: AccountStatus, order: Order, at now: Date) throws {
        let primary = status.primaryLock
        try db.execute(sql: """
            UPDATE accounts SET state = ?, lock_reason = ?, lock_since_ms = ?, lock_order_id = ?,
                                status_version = ?, status_changed_at_ms = ?
            WHERE id = ?
            """, arguments: [
                primary == nil ? "active" : "locked", primary?.reason.rawValue, primary?.since.millisecondsSince1970, primary?.orderID,
                Int64(status.statusVersion), now.millisecondsSince1970, status.accountID.rawValue,
            ])
        try db.execute(sql: "DELETE FROM account_locks WHERE account_id = ?", arguments: [status.accountID.rawValue])
        for lock in status.locks {
            try db.execute(
                sql: "INSERT INTO account_locks (account_id, order_id, reason, since_ms) VALUES (?, ?, ?, ?)",
                arguments: [status.accountID.rawValue, lock.orderID, lock.reason.rawValue, lock.since.millisecondsSince1970]
            )
        }
        try db.execute(sql: "DELETE FROM suspensions WHERE account_id = ?", arguments: [status.accountID.rawValue])
        for suspension in status.suspensions {
            try db.execute(
                sql: "INSERT INTO suspensions (account_id, service, station_id, since_ms, order_id) VALUES (?, ?, ?, ?, ?)",
                arguments: [status.accountID.rawValue, suspension.service, suspension.stationID, suspension.since.millisecondsSince1970, suspension.orderID]
            )
        }
        try db.execute(
            sql: "INSERT INTO status_changes (account_id, order_id, order_kind, at_ms, status) VALUES (?, ?, ?, ?, ?)",
            arguments: [status.accountID.rawValue, order.id, order.kind.rawValue, now.millisecondsSince1970, StoredForms.encode(status)]
        )
    }

    // MARK: - Reading orders

    /// The order `id` with its history and, unless `includingNotices` is false, its notices.
    static func fetchOrder(_ db: Database, id: String, includingNotices: Bool = true) throws -> Order? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT id, kind, account_id, ground, grounds_text, document_reference, document_date, service, station_id,
                   requested_by, decided_by, state, received_at_ms, review_deadline_ms, decided_at_ms, refusal_reason,
                   police_unit, lifted_order_id, organization_id
            FROM orders WHERE id = ?
            """), arguments: [id]) else { return nil }
        let grounds = OrderGrounds(
            ground: OrderGround(rawValue: row[3]) ?? .termsViolation, text: row[4], documentReference: row[5],
            documentDate: (row[6] as String?).flatMap(LocalDate.init(iso:)),
            organizationID: (row[18] as String?).map { AccountID(trusted: $0, kind: .organization) }
        )
        let history = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT state, at_ms, actor, note FROM order_events WHERE order_id = ? ORDER BY position
            """), arguments: [id]).map { event in
            Order.Event(
                state: OrderState(rawValue: event[0]) ?? .pendingReview, at: Date(millisecondsSince1970: event[1]),
                by: StoredForms.actor(event[2]), note: event[3]
            )
        }
        let notices = includingNotices ? try fetchNotices(db, where: "order_id = ?", arguments: [id], limit: 1000).map(\.notice) : []
        return Order(
            id: row[0], kind: OrderKind(rawValue: row[1]) ?? .lock,
            accountID: AccountID(trustedCanonical: row[2]),
            grounds: grounds, service: (row[7] as String?).map(ServiceName.init(trusted:)),
            stationID: (row[8] as String?).map(StationID.init(trusted:)),
            requestedBy: StoredForms.actor(row[9]), decidedBy: (row[10] as String?).map(StoredForms.actor),
            state: OrderState(rawValue: row[11]) ?? .pendingReview,
            receivedAt: Date(millisecondsSince1970: row[12]),
            reviewDeadline: (row[13] as Int64?).map(Date.init(millisecondsSince1970:)),
            decidedAt: (row[14] as Int64?).map(Date.init(millisecondsSince1970:)),
            refusalReason: row[15], history: history, notices: notices,
            liftedOrderID: row[17], policeUnit: (row[16] as String?).map(PoliceUnitID.init(trusted:))
        )
    }
}
