import struct Foundation.Date

/// Which orders to list.
public struct OrderQuery: Sendable {
    /// Only orders concerning this account.
    public var accountID: AccountID?
    /// Only orders in this state.
    public var state: OrderState?
    /// Only orders of this kind.
    public var kind: OrderKind?
    /// Only lock requests pending past their deadline at this instant.
    public var overdueAt: Date?
    /// Only orders requested by this principal.
    public var requestedBy: String?
    /// Only orders of this station.
    public var stationID: StationID?
    /// Only orders received before this order (for paging; newest first).
    public var beforeOrderID: String?
    /// At most this many.
    public var limit: Int

    /// Creates a query.
    public init(
        accountID: AccountID? = nil, state: OrderState? = nil, kind: OrderKind? = nil, overdueAt: Date? = nil,
        requestedBy: String? = nil, stationID: StationID? = nil, beforeOrderID: String? = nil, limit: Int = 100
    ) {
        self.accountID = accountID
        self.state = state
        self.kind = kind
        self.overdueAt = overdueAt
        self.requestedBy = requestedBy
        self.stationID = stationID
        self.beforeOrderID = beforeOrderID
        self.limit = limit
    }
}

/// Which notices to list.
public struct NoticeQuery: Sendable {
    /// Only notices carried through one of these channels; `nil` for all.
    public var channels: [NoticeChannel]?
    /// Only notices after this sequence number (notices are numbered as created).
    public var afterSequence: UInt64
    /// Only notices not yet delivered.
    public var undeliveredOnly: Bool
    /// Only notices overdue at this instant (undelivered past due, or delivered late).
    public var overdueAt: Date?
    /// Only the notices of this order.
    public var orderID: String?
    /// At most this many.
    public var limit: Int

    /// Creates a query.
    public init(
        channels: [NoticeChannel]? = nil, afterSequence: UInt64 = 0, undeliveredOnly: Bool = false,
        overdueAt: Date? = nil, orderID: String? = nil, limit: Int = 100
    ) {
        self.channels = channels
        self.afterSequence = afterSequence
        self.undeliveredOnly = undeliveredOnly
        self.overdueAt = overdueAt
        self.orderID = orderID
        self.limit = limit
    }
}

/// Which audit entries to list.
public struct AuditQuery: Sendable {
    /// Only entries about this account.
    public var accountID: String?
    /// Only entries by or about this principal (id).
    public var principalID: String?
    /// Only entries of these kinds; empty for all.
    public var kinds: Set<AuditKind>
    /// Only entries at or after this instant.
    public var from: Date?
    /// Only entries before this instant.
    public var until: Date?
    /// Only entries after this sequence number.
    public var afterSequence: UInt64
    /// At most this many.
    public var limit: Int

    /// Creates a query.
    public init(
        accountID: String? = nil, principalID: String? = nil, kinds: Set<AuditKind> = [], from: Date? = nil,
        until: Date? = nil, afterSequence: UInt64 = 0, limit: Int = 100
    ) {
        self.accountID = accountID
        self.principalID = principalID
        self.kinds = kinds
        self.from = from
        self.until = until
        self.afterSequence = afterSequence
        self.limit = limit
    }
}

/// How many deadlines are missed right now.
public struct OverdueCounts: Sendable, Equatable {
    /// Lock requests pending past their review deadline.
    public var lockRequests: Int
    /// Notices not delivered by their due time.
    public var notices: Int

    /// Creates counts.
    public init(lockRequests: Int, notices: Int) {
        self.lockRequests = lockRequests
        self.notices = notices
    }
}

/// Persistent storage of orders, station authorizations, notices, status changes and the
/// audit log. Every write is one transaction that also appends to the audit log.
public protocol OrderStore: Sendable {
    /// Carries out an order command in one transaction: the idempotency check, the
    /// decision by `OrderRules` against the state read in that transaction, the order,
    /// the account's status, the status change, the notices and the audit entries.
    func execute(_ command: OrderCommand) async throws -> OrderExecution

    /// One order with its history and notices, or `nil`.
    func order(id: String) async throws -> Order?

    /// Orders matching `query`, newest first.
    func orders(_ query: OrderQuery) async throws -> [Order]

    /// Missed deadlines at `now`.
    func overdueCounts(at now: Date) async throws -> OverdueCounts

    /// Stores a new authorization. The deputy must be an active STATION_DEPUTY of the
    /// authorization's station (`failedPrecondition` otherwise).
    func grantAuthorization(_ authorization: StationAuthorization) async throws

    /// Revokes an authorization; `notFound`, or `failedPrecondition` when it is revoked
    /// already or belongs to another station than `station`.
    func revokeAuthorization(id: String, station: StationID, by actor: OrderActor, at now: Date) async throws -> StationAuthorization

    /// Authorizations of `station` (all stations when `nil`), newest first.
    func authorizations(station: StationID?) async throws -> [StationAuthorization]

    /// Notices matching `query`, by sequence, with their sequence numbers.
    func notices(_ query: NoticeQuery) async throws -> [(sequence: UInt64, notice: Notice)]

    /// Records a notice delivered. `notFound` when there is no such notice among
    /// `channels`; an already delivered notice is returned as it is.
    func acknowledgeNotice(id: String, channels: [NoticeChannel], by actor: AuditActor, at now: Date) async throws -> Notice

    /// Status changes after `sequence`, oldest first.
    func statusChanges(after sequence: UInt64, limit: Int) async throws -> [StatusChange]

    /// The audit log's entries after `sequence`, in order, unfiltered (for verification).
    func auditEntries(after sequence: UInt64, limit: Int) async throws -> [AuditEntry]

    /// Audit entries matching `query`, in order.
    func auditEntries(_ query: AuditQuery) async throws -> [AuditEntry]
}
