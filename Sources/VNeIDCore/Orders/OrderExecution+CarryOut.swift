import struct Foundation.Date

extension OrderExecution {
    /// Carries out an order command inside one store transaction: the idempotency check,
    /// the decision by `OrderRules` on the state read in that transaction, the order, the
    /// account's status with its status change, the notices, the audit entry binding what
    /// the change left behind, and the request-id record. Every store runs this same
    /// algorithm; it supplies only the transaction.
    ///
    /// - Throws: `alreadyExists` when the request id was used for a different request,
    ///   and whatever `OrderRules.decide` refuses.
    public static func carryOut(_ command: OrderCommand, in transaction: some OrderTransaction) throws -> OrderExecution {
        if let previous = try transaction.previousRequest(principalID: command.actor.principalID, requestID: command.requestID) {
            guard previous.fingerprint == command.fingerprint else {
                throw VNeIDError.alreadyExists("request id '\(command.requestID)' was used already for a different request (order \(previous.orderID)); choose a new request id")
            }
            guard let order = try transaction.order(id: previous.orderID, includingNotices: true) else {
                throw VNeIDError.internalError("request id '\(command.requestID)' names order \(previous.orderID), which is missing")
            }
            return OrderExecution(order: order, replayed: true)
        }
        let world = try OrderWorld.read(for: command, from: transaction)
        let decision = try OrderRules.decide(command, in: world)
        let order = decision.order
        try transaction.saveOrder(order, isNew: decision.isNewOrder)
        // The entry binds the order, the status and the notices as this change left them.
        var binding = [AuditRecordKey(.order, order.id)]
        if let status = decision.newStatus {
            try transaction.writeStatus(status, by: order, at: command.at)
            binding.append(AuditRecordKey(.accountStatus, status.accountID.rawValue))
        }
        for notice in decision.notices {
            binding.append(AuditRecordKey(.notice, try transaction.insertNotice(notice, of: order, at: command.at)))
        }
        try transaction.appendAudit(AuditEvent(order: order, decision: decision, at: command.at), binding: binding)
        try transaction.recordRequest(
            principalID: command.actor.principalID, requestID: command.requestID, fingerprint: command.fingerprint, orderID: order.id
        )
        guard let stored = try transaction.order(id: order.id, includingNotices: true) else {
            throw VNeIDError.internalError("order \(order.id) was not stored")
        }
        return OrderExecution(order: stored, replayed: false)
    }
}

extension OrderWorld {
    /// What `OrderRules.decide` needs to judge `command`, read in `transaction`.
    static func read(for command: OrderCommand, from transaction: some OrderTransaction) throws -> OrderWorld {
        var accountID: AccountID
        var existing: Order?
        var service: ServiceName?
        switch command.action {
        case .lock(let id, _), .requestLock(let id, _, _), .unlock(let id, _, _):
            accountID = id
        case .suspend(let id, let name, _), .restore(let id, let name, _):
            accountID = id
            service = name
        case .approveLockRequest(let orderID, _), .refuseLockRequest(let orderID, _):
            guard let order = try transaction.order(id: orderID, includingNotices: true) else {
                throw VNeIDError.notFound("no lock request \(orderID)")
            }
            existing = order
            accountID = order.accountID
        }
        let snapshot = try transaction.accountSnapshot(id: accountID)
        let organization = try snapshot?.account.record.managingOrganizationID.flatMap { try transaction.accountSnapshot(id: $0)?.account }
        var world = OrderWorld(account: snapshot, managingOrganization: organization, existingOrder: existing)
        if let status = snapshot?.status {
            // The orders behind every ground in force: an unlock or restore is judged by
            // the order that added what it lifts (its ground and Police unit; the rules
            // never read their notices, so those are not loaded).
            for id in status.locks.map(\.orderID) + status.suspensions.map(\.orderID) {
                world.groundOrders[id] = try transaction.order(id: id, includingNotices: false)
            }
        }
        if let service {
            let registry = try transaction.services()
            world.service = registry[service]
            world.borderPortals = registry.values.filter(\.isBorderPortal).map(\.name).sorted()
        }
        if case .requestLock = command.action {
            world.policeUnits = try transaction.policeUnitsWithApprovers()
        }
        if command.actor.role == .stationDeputy, let station = command.actor.stationID {
            let all = try transaction.authorizations(station: station, deputyID: command.actor.principalID)
            world.authorization = all.first { $0.isInForce(at: command.at) }
            world.latestAuthorization = all.first
        }
        return world
    }
}
