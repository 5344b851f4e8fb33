import struct Foundation.Date

/// A change of an account's status with its legal basis, its decider, its history and the
/// notices it owes.
public struct Order: Sendable, Hashable {
    /// One step of an order's story.
    public struct Event: Sendable, Hashable {
        /// The state the order entered.
        public var state: OrderState
        /// When.
        public var at: Date
        /// Who moved it there.
        public var by: OrderActor
        /// A remark, for example the reason of a refusal.
        public var note: String

        /// Creates an event.
        public init(state: OrderState, at: Date, by: OrderActor, note: String = "") {
            self.state = state
            self.at = at
            self.by = by
            self.note = note
        }
    }

    /// `ord_` and 16 hex digits.
    public var id: String
    /// What the order does.
    public var kind: OrderKind
    /// The account it concerns.
    public var accountID: AccountID
    /// Its legal basis.
    public var grounds: OrderGrounds
    /// For suspend and restore: the service whose login it concerns.
    public var service: ServiceName?
    /// For suspend and restore: the station that decided it.
    public var stationID: StationID?
    /// Who asked: the requester of a third-party lock, or the decider itself.
    public var requestedBy: OrderActor
    /// Who decided, once decided.
    public var decidedBy: OrderActor?
    /// Where the order stands.
    public var state: OrderState
    /// When the order was received.
    public var receivedAt: Date
    /// For a lock request, when the Police must have decided.
    public var reviewDeadline: Date?
    /// When it was decided (executed or refused).
    public var decidedAt: Date?
    /// Why a lock request was refused.
    public var refusalReason: String?
    /// Every state the order went through, oldest first.
    public var history: [Event]
    /// The notices the order owes.
    public var notices: [Notice]
    /// For an unlock, the lock order whose ground it lifted; for a restore, the suspension
    /// order it ended.
    public var liftedOrderID: String?
    /// For a lock request, the Police unit it is addressed to.
    public var policeUnit: PoliceUnitID?

    /// Creates an order.
    public init(
        id: String, kind: OrderKind, accountID: AccountID, grounds: OrderGrounds,
        service: ServiceName? = nil, stationID: StationID? = nil,
        requestedBy: OrderActor, decidedBy: OrderActor? = nil, state: OrderState,
        receivedAt: Date, reviewDeadline: Date? = nil, decidedAt: Date? = nil, refusalReason: String? = nil,
        history: [Event] = [], notices: [Notice] = [], liftedOrderID: String? = nil, policeUnit: PoliceUnitID? = nil
    ) {
        self.id = id
        self.kind = kind
        self.accountID = accountID
        self.grounds = grounds
        self.service = service
        self.stationID = stationID
        self.requestedBy = requestedBy
        self.decidedBy = decidedBy
        self.state = state
        self.receivedAt = receivedAt
        self.reviewDeadline = reviewDeadline
        self.decidedAt = decidedAt
        self.refusalReason = refusalReason
        self.history = history
        self.notices = notices
        self.liftedOrderID = liftedOrderID
        self.policeUnit = policeUnit
    }

    /// Whether a pending request has passed its review deadline at `now`.
    public func isOverdue(at now: Date) -> Bool {
        guard state == .pendingReview, let reviewDeadline else { return false }
        return now >= reviewDeadline
    }
}
