/// What a caller asks of the order system, before it meets the stored state.
public enum OrderAction: Sendable, Hashable {
    /// An automatic lock recorded by the registry.
    case lock(AccountID, OrderGrounds)
    /// A third party's lock request to a Police unit, to wait for its decision.
    case requestLock(AccountID, OrderGrounds, unit: PoliceUnitID)
    /// The Police approve a pending lock request: the lock executes.
    case approveLockRequest(orderID: String, note: String)
    /// The Police refuse a pending lock request, with the written reason.
    case refuseLockRequest(orderID: String, reason: String)
    /// Lifts one lock ground: the one the lock order named adds, or the only one in force
    /// when `lockOrderID` is `nil`.
    case unlock(AccountID, OrderGrounds, lockOrderID: String?)
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
