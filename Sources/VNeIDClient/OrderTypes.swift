import Foundation
import VNeIDCore

/// The answer to an order RPC.
public struct OrderResult: Sendable {
    /// The order as it now stands, with its history and notices.
    public var order: Order
    /// True when the call was a retry of an earlier one with the same request id: nothing
    /// was executed again.
    public var replayed: Bool
}

/// Which orders to list.
public struct OrderFilter: Sendable {
    /// Only this account's orders.
    public var accountID: String?
    /// Only orders in this state.
    public var state: OrderState?
    /// Only orders of this kind.
    public var kind: OrderKind?
    /// Only lock requests pending past their review deadline.
    public var overdue: Bool

    /// Creates a filter; all orders by default.
    public init(accountID: String? = nil, state: OrderState? = nil, kind: OrderKind? = nil, overdue: Bool = false) {
        self.accountID = accountID
        self.state = state
        self.kind = kind
        self.overdue = overdue
    }
}

/// One page of orders, newest first.
public struct OrderPage: Sendable {
    /// The orders.
    public var orders: [Order]
    /// Pass to get the next page; `nil` after the last.
    public var nextPageToken: String?
}

/// A notice with its place in the sequence of notices.
public struct SequencedNotice: Sendable {
    /// Notices are numbered as they are created; lists and watches resume after a number.
    public var sequence: UInt64
    /// The notice.
    public var notice: Notice
    /// Not delivered by its due time as of the answer, or delivered late.
    public var overdue: Bool
}

/// Which notices to list.
public struct NoticeFilter: Sendable {
    /// Only notices numbered after this.
    public var afterSequence: UInt64
    /// Only notices not yet delivered.
    public var undeliveredOnly: Bool
    /// Only notices overdue now.
    public var overdue: Bool
    /// Only this order's notices.
    public var orderID: String?

    /// Creates a filter; all notices of the caller's channels by default.
    public init(afterSequence: UInt64 = 0, undeliveredOnly: Bool = false, overdue: Bool = false, orderID: String? = nil) {
        self.afterSequence = afterSequence
        self.undeliveredOnly = undeliveredOnly
        self.overdue = overdue
        self.orderID = orderID
    }
}

/// One page of notices.
public struct NoticePage: Sendable {
    /// The notices, by sequence.
    public var notices: [SequencedNotice]
    /// Pass as `afterSequence` for the next page; `nil` after the last.
    public var nextAfterSequence: UInt64?
}

/// Which audit entries to list.
public struct AuditFilter: Sendable {
    /// Only entries about this account.
    public var accountID: String?
    /// Only entries by or about this principal (id or name).
    public var principal: String?
    /// Only these kinds (for example ORDER_EXECUTED); empty for all.
    public var kinds: [String]
    /// Only entries at or after this instant.
    public var from: Date?
    /// Only entries before this instant.
    public var until: Date?
    /// Only entries after this sequence number.
    public var afterSequence: UInt64

    /// Creates a filter; all entries by default.
    public init(accountID: String? = nil, principal: String? = nil, kinds: [String] = [], from: Date? = nil, until: Date? = nil, afterSequence: UInt64 = 0) {
        self.accountID = accountID
        self.principal = principal
        self.kinds = kinds
        self.from = from
        self.until = until
        self.afterSequence = afterSequence
    }
}

/// One page of audit entries.
public struct AuditPage: Sendable {
    /// The entries, in order.
    public var entries: [AuditEntry]
    /// Pass as `afterSequence` for the next page; `nil` after the last.
    public var nextAfterSequence: UInt64?
}

/// The outcome of checking the audit log's hash chain and the records bound to it.
public struct AuditVerification: Sendable {
    /// A record whose rows do not match the chain.
    public struct RecordProblem: Sendable, Hashable {
        /// ORDER, NOTICE, AUTHORIZATION, PRINCIPAL, SERVICE or ACCOUNT_STATUS.
        public var kind: String
        /// The record's id (an account id for ACCOUNT_STATUS, a name for SERVICE).
        public var id: String
        /// The last entry that bound it; `nil` when none did (added outside the chain).
        public var boundBySequence: UInt64?
        /// What is wrong, for a person to read.
        public var problem: String
    }

    /// The whole chain verifies, every bound record matches, and a saved head holds.
    public var intact: Bool
    /// Entries that verified, from the first.
    public var verifiedEntries: UInt64
    /// The first entry that does not verify, and why.
    public var firstBroken: (sequence: UInt64, problem: String)?
    /// The last verified entry's sequence and hash (hex); record them elsewhere to detect
    /// a later truncation of the log.
    public var headSequence: UInt64
    /// The head hash in hex.
    public var headHash: String
    /// With a saved head: whether the chain still holds it; `nil` without one.
    public var againstHolds: Bool?
    /// With a saved head that does not hold: why.
    public var againstProblem: String?
    /// Records re-derived from the database and compared with their bindings.
    public var recordsChecked: UInt64
    /// The first records that do not match, by the entry that bound them (at most 100).
    public var recordProblems: [RecordProblem]
    /// How many records do not match in all.
    public var recordProblemCount: UInt64
}
