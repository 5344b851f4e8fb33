import CoreMetrics
import Foundation
import Logging
import SwiftProtobuf
import VNeIDCore
import VNeIDProto

/// The order RPCs, independent of any transport: automatic locks, lock requests and their
/// review, unlocks, border-portal suspensions and restores, and reading orders.
public struct OrderHandlers: Sendable {
    let store: any VNeIDStore
    let calendar: WorkingDayCalendar
    let changes: ChangeSignal
    let logger: Logger
    private let commits = CoreMetrics.Timer(label: MetricName.storeCommit, dimensions: [("operation", "order")])

    /// Creates the handlers.
    public init(store: any VNeIDStore, calendar: WorkingDayCalendar, changes: ChangeSignal, logger: Logger) {
        self.store = store
        self.calendar = calendar
        self.changes = changes
        self.logger = logger
    }

    /// Records and executes an automatic lock.
    public func lockAccount(_ request: Vneid_V1_LockAccountRequest, caller: Caller) async throws -> Vneid_V1_OrderResult {
        let action = OrderAction.lock(try AccountID(validating: request.accountID), try grounds(request.grounds, request.hasGrounds))
        return try await execute(action, as: .registry, caller, request.requestID, try RequestFingerprint.of("LockAccount", request) { $0.requestID = "" })
    }

    /// Submits a third party's lock request to a Police unit for review.
    public func requestLock(_ request: Vneid_V1_RequestLockRequest, caller: Caller) async throws -> Vneid_V1_OrderResult {
        guard !request.policeUnit.isEmpty else {
            throw VNeIDError.invalidArgument("police_unit is empty: a lock request is sent to a Police unit, whose head decides it")
        }
        let action = OrderAction.requestLock(
            try AccountID(validating: request.accountID), try grounds(request.grounds, request.hasGrounds),
            unit: try PoliceUnitID(validating: request.policeUnit)
        )
        return try await execute(action, as: .requester, caller, request.requestID, try RequestFingerprint.of("RequestLock", request) { $0.requestID = "" })
    }

    /// Approves a pending lock request.
    public func approveLockRequest(_ request: Vneid_V1_ApproveLockRequestRequest, caller: Caller) async throws -> Vneid_V1_OrderResult {
        let action = OrderAction.approveLockRequest(orderID: request.orderID, note: try note(request.note))
        return try await execute(action, as: .policeApprover, caller, request.requestID, try RequestFingerprint.of("ApproveLockRequest", request) { $0.requestID = "" })
    }

    /// Refuses a pending lock request.
    public func refuseLockRequest(_ request: Vneid_V1_RefuseLockRequestRequest, caller: Caller) async throws -> Vneid_V1_OrderResult {
        let action = OrderAction.refuseLockRequest(orderID: request.orderID, reason: try note(request.reason))
        return try await execute(action, as: .policeApprover, caller, request.requestID, try RequestFingerprint.of("RefuseLockRequest", request) { $0.requestID = "" })
    }

    /// Lifts a lock: at the subject's request through the registry, or by the Police.
    public func unlockAccount(_ request: Vneid_V1_UnlockAccountRequest, caller: Caller) async throws -> Vneid_V1_OrderResult {
        let grounds = try grounds(request.grounds, request.hasGrounds)
        let roles = caller.principal.roles
        let role: Role = grounds.ground == .subjectRequest
            ? (roles.contains(.registry) ? .registry : .policeApprover)
            : (roles.contains(.policeApprover) ? .policeApprover : .registry)
        let action = OrderAction.unlock(
            try AccountID(validating: request.accountID), grounds, lockOrderID: request.lockOrderID.isEmpty ? nil : request.lockOrderID
        )
        return try await execute(action, as: role, caller, request.requestID, try RequestFingerprint.of("UnlockAccount", request) { $0.requestID = "" })
    }

    /// Suspends login to a service for the caller's station.
    public func suspendLogin(_ request: Vneid_V1_SuspendLoginRequest, caller: Caller) async throws -> Vneid_V1_OrderResult {
        let action = OrderAction.suspend(
            try AccountID(validating: request.accountID), try service(request.service), try grounds(request.grounds, request.hasGrounds)
        )
        return try await execute(action, as: stationRole(caller), caller, request.requestID, try RequestFingerprint.of("SuspendLogin", request) { $0.requestID = "" })
    }

    /// Restores login suspended by the caller's station.
    public func restoreLogin(_ request: Vneid_V1_RestoreLoginRequest, caller: Caller) async throws -> Vneid_V1_OrderResult {
        let action = OrderAction.restore(
            try AccountID(validating: request.accountID), try service(request.service), try grounds(request.grounds, request.hasGrounds)
        )
        return try await execute(action, as: stationRole(caller), caller, request.requestID, try RequestFingerprint.of("RestoreLogin", request) { $0.requestID = "" })
    }

    /// One order, if the caller may see it.
    public func getOrder(_ request: Vneid_V1_GetOrderRequest, caller: Caller) async throws -> Vneid_V1_Order {
        guard !request.orderID.isEmpty else { throw VNeIDError.invalidArgument("order_id is empty") }
        guard let order = try await store.order(id: request.orderID), OrderVisibility(caller).allows(order) else {
            throw VNeIDError.notFound("no order \(request.orderID) that you may see")
        }
        return Vneid_V1_Order(order, at: Date())
    }

    /// Orders the caller may see, newest first.
    public func listOrders(_ request: Vneid_V1_ListOrdersRequest, caller: Caller) async throws -> Vneid_V1_ListOrdersResponse {
        let now = Date()
        let pageSize = try PageSize.validate(request.pageSize)
        var query = OrderQuery(limit: pageSize)
        if !request.accountID.isEmpty { query.accountID = try AccountID(validating: request.accountID) }
        if request.state != .unspecified {
            guard let state = OrderState(proto: request.state) else { throw VNeIDError.invalidArgument("state \(request.state) is not an order state") }
            query.state = state
        }
        if request.kind != .unspecified {
            guard let kind = OrderKind(proto: request.kind) else { throw VNeIDError.invalidArgument("kind \(request.kind) is not an order kind") }
            query.kind = kind
        }
        if request.overdue { query.overdueAt = now }
        if !request.pageToken.isEmpty { query.beforeOrderID = request.pageToken }
        OrderVisibility(caller).restrict(&query)
        let orders = try await store.orders(query)
        return .with {
            $0.orders = orders.map { Vneid_V1_Order($0, at: now) }
            $0.nextPageToken = orders.count == pageSize ? orders.last?.id ?? "" : ""
        }
    }

    private func execute(
        _ action: OrderAction, as role: Role, _ caller: Caller, _ requestID: String, _ fingerprint: [UInt8]
    ) async throws -> Vneid_V1_OrderResult {
        try OrderCommand.validateRequestID(requestID)
        let now = Date()
        let deadline = calendar.deadline(receivedAt: now, workingDays: OrderRules.reviewWorkingDays)
        let command = OrderCommand(
            action: action, actor: OrderActor(caller.principal, as: role), requestID: requestID,
            fingerprint: fingerprint, at: now, newOrderID: RandomIdentifier.make("ord_"), reviewDeadline: deadline,
            workingDayNoticeDue: deadline
        )
        let execution: OrderExecution
        do {
            let started = ContinuousClock.now
            execution = try await store.execute(command)
            commits.recordNanoseconds((ContinuousClock.now - started).wholeNanoseconds)
        } catch {
            Self.count(action.kind, outcome: (error as? VNeIDError).map { StatusCodeName.of($0.code.statusCode) } ?? "INTERNAL")
            throw error
        }
        let order = execution.order
        Self.count(order.kind, outcome: execution.replayed ? "RETRIED" : order.state.rawValue)
        ObservedCall.current?.note("order", order.id)
        ObservedCall.current?.note("account", order.accountID.rawValue)
        if execution.replayed {
            logger.info("order request retried", metadata: ["order": "\(order.id)", "request": "\(requestID)", "by": "\(caller.principal.name)"])
        } else {
            changes.notify()
            logger.notice("order \(order.state.rawValue.lowercased())", metadata: [
                "order": "\(order.id)", "kind": "\(order.kind.rawValue)", "account": "\(order.accountID)",
                "ground": "\(order.grounds.ground.rawValue)", "by": "\(caller.principal.name)",
            ])
        }
        return .with {
            $0.order = Vneid_V1_Order(order, at: Date())
            $0.replayed = execution.replayed
        }
    }

    /// Counts one order command in `vneid_orders_total`.
    private static func count(_ kind: OrderKind, outcome: String) {
        Counter(label: MetricName.orders, dimensions: [("kind", kind.rawValue), ("outcome", outcome)]).increment()
    }

    private func grounds(_ proto: Vneid_V1_Grounds, _ given: Bool) throws -> OrderGrounds {
        guard given else { throw VNeIDError.invalidArgument("grounds are missing: every order states its legal ground") }
        return try OrderGrounds(validating: proto)
    }

    private func note(_ text: String) throws -> String {
        guard text.count <= OrderGrounds.maximumTextLength else {
            throw VNeIDError.invalidArgument("the text has \(text.count) characters; at most \(OrderGrounds.maximumTextLength) are allowed")
        }
        return text
    }

    private func service(_ name: String) throws -> ServiceName {
        try ServiceName(validating: name.isEmpty ? "border-portal" : name)
    }

    private func stationRole(_ caller: Caller) -> Role {
        caller.principal.roles.contains(.stationCommander) ? .stationCommander : .stationDeputy
    }
}
