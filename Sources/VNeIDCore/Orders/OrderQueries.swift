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
    /// Leaves out the lock requests addressed to any Police unit but this one.
    public var visibleToPoliceUnit: PoliceUnitID?
    /// Only orders received before this order (for paging; newest first).
    public var beforeOrderID: String?
    /// At most this many.
    public var limit: Int

    /// Creates a query.
    public init(
        accountID: AccountID? = nil, state: OrderState? = nil, kind: OrderKind? = nil, overdueAt: Date? = nil,
        requestedBy: String? = nil, stationID: StationID? = nil, visibleToPoliceUnit: PoliceUnitID? = nil,
        beforeOrderID: String? = nil, limit: Int = 100
    ) {
        self.accountID = accountID
        self.state = state
        self.kind = kind
        self.overdueAt = overdueAt
        self.requestedBy = requestedBy
        self.stationID = stationID
        self.visibleToPoliceUnit = visibleToPoliceUnit
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
    /// Notices not delivered yet, due or not.
    public var pendingNotices: Int

    /// Creates counts.
    public init(lockRequests: Int, notices: Int, pendingNotices: Int = 0) {
        self.lockRequests = lockRequests
        self.notices = notices
        self.pendingNotices = pendingNotices
    }
}
