import struct Foundation.Date

/// A notice an order owes to one recipient, with its text and its delivery.
public struct Notice: Sendable, Hashable {
    /// `ntc_` and 16 hex digits.
    public var id: String
    /// The order that owes it.
    public var orderID: String
    /// What it announces.
    public var kind: NoticeKind
    /// Who it is for.
    public var recipientRole: NoticeRecipientRole
    /// The recipient's id: an account id, or a principal id for a requesting body.
    public var recipientID: String
    /// The recipient's name.
    public var recipientName: String
    /// The account the order concerns.
    public var accountID: AccountID
    /// The system that delivers it.
    public var channel: NoticeChannel
    /// The rendered text, in Vietnamese.
    public var text: String
    /// When it was created.
    public var createdAt: Date
    /// When it must have been delivered.
    public var dueAt: Date
    /// When its delivery was acknowledged.
    public var deliveredAt: Date?
    /// Who acknowledged it.
    public var deliveredBy: String?

    /// Creates a notice.
    public init(
        id: String, orderID: String, kind: NoticeKind, recipientRole: NoticeRecipientRole,
        recipientID: String, recipientName: String, accountID: AccountID, channel: NoticeChannel,
        text: String, createdAt: Date, dueAt: Date, deliveredAt: Date? = nil, deliveredBy: String? = nil
    ) {
        self.id = id
        self.orderID = orderID
        self.kind = kind
        self.recipientRole = recipientRole
        self.recipientID = recipientID
        self.recipientName = recipientName
        self.accountID = accountID
        self.channel = channel
        self.text = text
        self.createdAt = createdAt
        self.dueAt = dueAt
        self.deliveredAt = deliveredAt
        self.deliveredBy = deliveredBy
    }

    /// Whether it was not delivered by its due time, as seen at `now`.
    public func isOverdue(at now: Date) -> Bool {
        if let deliveredAt { return deliveredAt > dueAt }
        return now >= dueAt
    }
}
