/// What an order does to an account's status.
public enum OrderKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// Locks the identity account for every service.
    case lock = "LOCK"
    /// Lifts a lock.
    case unlock = "UNLOCK"
    /// Stops the account's login to one service (the border portal) for one station.
    case suspend = "SUSPEND"
    /// Lifts a station's suspension.
    case restore = "RESTORE"
}

/// Where an order stands.
public enum OrderState: String, Sendable, Hashable, CaseIterable, Codable {
    /// A third party's lock request waiting for a Police decision.
    case pendingReview = "PENDING_REVIEW"
    /// Carried out: the account's status changed.
    case executed = "EXECUTED"
    /// A lock request the Police refused.
    case refused = "REFUSED"
}
