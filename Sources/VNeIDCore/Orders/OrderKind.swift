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
