import struct Foundation.Date

/// What a caller asks of the order system, before it meets the stored state.
public enum OrderAction: Sendable, Hashable {
    /// An automatic lock recorded by the registry.
    case lock(AccountID, OrderGrounds)
    /// A third party's lock request, to wait for a Police decision.
    case requestLock(AccountID, OrderGrounds)
    /// The Police approve a pending lock request: the lock executes.
    case approveLockRequest(orderID: String, note: String)
    /// The Police refuse a pending lock request, with the written reason.
    case refuseLockRequest(orderID: String, reason: String)
    /// Lifts a lock.
    case unlock(AccountID, OrderGrounds)
    /// Suspends login to a service for the actor's station.
    case suspend(AccountID, ServiceName, OrderGrounds)
    /// Restores login to a service suspended by the actor's station.
    case restore(AccountID, ServiceName, OrderGrounds)

    /// The kind of order the action creates or decides.
    public var kind: OrderKind {
        switch self {
        case .lock, .requestLock, .approveLockRequest, .refuseLockRequest: .lock
        case .unlock: .unlock
        case .suspend: .suspend
        case .restore: .restore
        }
    }
}

/// One order RPC as the store carries it out: the action, who acts, the caller's request
/// id (with a fingerprint of the request, to tell a retry from a different request), and
/// the times and ids the service layer fixed for it.
public struct OrderCommand: Sendable {
    /// What to do.
    public var action: OrderAction
    /// Who does it, in which role.
    public var actor: OrderActor
    /// The caller's idempotency key, unique per caller.
    public var requestID: String
    /// SHA-256 of the request without its request id.
    public var fingerprint: [UInt8]
    /// When it happens.
    public var at: Date
    /// The id a new order gets.
    public var newOrderID: String
    /// For a lock request: the end of the second working day after the day of receipt.
    public var reviewDeadline: Date
    /// For automatic locks and unlocks: when their notices are due.
    public var workingDayNoticeDue: Date

    /// Creates a command.
    public init(
        action: OrderAction, actor: OrderActor, requestID: String, fingerprint: [UInt8], at: Date,
        newOrderID: String, reviewDeadline: Date, workingDayNoticeDue: Date
    ) {
        self.action = action
        self.actor = actor
        self.requestID = requestID
        self.fingerprint = fingerprint
        self.at = at
        self.newOrderID = newOrderID
        self.reviewDeadline = reviewDeadline
        self.workingDayNoticeDue = workingDayNoticeDue
    }

    /// The longest request id accepted, in characters.
    public static let maximumRequestIDLength = 128

    /// Checks a client-chosen request id: 1 to 128 visible ASCII characters.
    public static func validateRequestID(_ id: String) throws(VNeIDError) {
        guard !id.isEmpty else {
            throw .invalidArgument("request_id is empty: choose a unique id per order (a UUID, for example) and reuse it only to retry the same request")
        }
        guard id.utf8.count <= maximumRequestIDLength, id.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7f }) else {
            throw .invalidArgument("request_id must be 1 to \(maximumRequestIDLength) visible ASCII characters")
        }
    }
}

/// What the store found when it carried out a command.
public struct OrderExecution: Sendable {
    /// The order, with its history and notices.
    public var order: Order
    /// True when the request id had been seen with the same request: nothing was done
    /// again and `order` is the one the first call produced (as it stands now).
    public var replayed: Bool

    /// Creates an execution result.
    public init(order: Order, replayed: Bool) {
        self.order = order
        self.replayed = replayed
    }
}
