import struct Foundation.Date

/// What a command does, as decided by `OrderRules`: the order as it now stands, the
/// account's new status when it changes, and the notices to create.
public struct OrderDecision: Sendable {
    /// One notice to create.
    public struct NoticeToCreate: Sendable {
        /// Its content.
        public var draft: NoticeComposer.Draft
        /// When it is due.
        public var dueAt: Date
    }

    /// The order, new or updated.
    public var order: Order
    /// The account's status after the order, when it changed.
    public var newStatus: AccountStatus?
    /// Notices to create.
    public var notices: [NoticeToCreate]
    /// Whether the order is new (else an existing one was decided).
    public var isNewOrder: Bool
}
