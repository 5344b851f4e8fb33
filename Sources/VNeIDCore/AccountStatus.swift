import struct Foundation.Date

/// Whether an account is usable, and why not.
public struct AccountStatus: Sendable, Hashable {
    /// The state of the identity account as a whole.
    public enum State: Sendable, Hashable {
        /// Usable, subject to per-service suspensions.
        case active
        /// Locked for every service.
        case locked(Lock)
    }

    /// One ground an account is locked on, and since when.
    public struct Lock: Sendable, Hashable {
        /// The ground.
        public var reason: LockReason
        /// When the ground took effect.
        public var since: Date
        /// The order that added the ground; an unlock names it to lift it.
        public var orderID: String

        /// Creates a lock description.
        public init(reason: LockReason, since: Date, orderID: String) {
            self.reason = reason
            self.since = since
            self.orderID = orderID
        }
    }

    /// A suspension of the account's login to one service.
    public struct Suspension: Sendable, Hashable {
        /// The service the account may not log into.
        public var service: String
        /// The station that suspended it; only that station may restore it.
        public var stationID: String
        /// When the suspension took effect.
        public var since: Date
        /// The order that suspended the account.
        public var orderID: String

        /// Creates a suspension description.
        public init(service: String, stationID: String, since: Date, orderID: String) {
            self.service = service
            self.stationID = stationID
            self.since = since
            self.orderID = orderID
        }
    }

    /// The account this status belongs to.
    public var accountID: AccountID
    /// Every lock ground in force, oldest first. Grounds stack: each lock order adds one,
    /// each unlock lifts the one it names.
    public var locks: [Lock]
    /// Active per-service suspensions.
    public var suspensions: [Suspension]
    /// Increases on every change of the account or its status.
    public var statusVersion: UInt64
    /// When the account or its status last changed.
    public var updatedAt: Date

    /// Creates a status.
    public init(
        accountID: AccountID,
        locks: [Lock],
        suspensions: [Suspension],
        statusVersion: UInt64,
        updatedAt: Date
    ) {
        self.accountID = accountID
        self.locks = locks
        self.suspensions = suspensions
        self.statusVersion = statusVersion
        self.updatedAt = updatedAt
    }

    /// Locked while any lock ground remains; the lock named is `primaryLock`.
    public var state: State {
        primaryLock.map(State.locked) ?? .active
    }

    /// The ground that weighs most: a final one (a death, a dissolution) if any, otherwise
    /// the earliest. `nil` when the account is not locked.
    public var primaryLock: Lock? {
        locks.first { $0.reason.isFinal } ?? locks.first
    }
}
