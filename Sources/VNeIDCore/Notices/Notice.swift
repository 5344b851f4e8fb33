import struct Foundation.Date

/// What a notice announces.
public enum NoticeKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// An account was locked.
    case lockNotice = "LOCK_NOTICE"
    /// A lock request was refused, with the reasons.
    case lockRefusal = "LOCK_REFUSAL"
    /// Border-portal login was suspended (Appendix 2 form).
    case suspensionNotice = "SUSPENSION_NOTICE"
    /// Border-portal login was restored (Appendix 4 form).
    case restoreNotice = "RESTORE_NOTICE"
    /// A lock was lifted.
    case unlockNotice = "UNLOCK_NOTICE"
}

/// Who a notice is for.
public enum NoticeRecipientRole: String, Sendable, Hashable, CaseIterable, Codable {
    /// The account's subject: the person or the organization.
    case subject = "SUBJECT"
    /// The managing agency or enterprise a person acts for.
    case managingOrganization = "MANAGING_ORGANIZATION"
    /// The body that requested a lock.
    case requestingBody = "REQUESTING_BODY"
}

/// The system that carries a notice to its recipient, and so may fetch and acknowledge it.
public enum NoticeChannel: Sendable, Hashable, CustomStringConvertible {
    /// The VNeID app, through the registry's feed (REGISTRY principals).
    case registry
    /// A relying service's portal, such as the border portal (principals bound to it).
    case service(ServiceName)
    /// A requesting body's own system (that REQUESTER principal).
    case principal(String)

    /// The stored form: `registry`, `service:NAME`, `principal:ID`.
    public var description: String {
        switch self {
        case .registry: "registry"
        case .service(let name): "service:\(name)"
        case .principal(let id): "principal:\(id)"
        }
    }

    /// Reads the stored form back.
    public init?(stored text: String) {
        if text == "registry" {
            self = .registry
        } else if text.hasPrefix("service:") {
            self = .service(ServiceName(trusted: String(text.dropFirst(8))))
        } else if text.hasPrefix("principal:") {
            self = .principal(String(text.dropFirst(10)))
        } else {
            return nil
        }
    }

    /// The channels `principal` delivers through.
    public static func deliveredBy(_ principal: Principal) -> [NoticeChannel] {
        var channels: [NoticeChannel] = []
        if principal.roles.contains(.registry) { channels.append(.registry) }
        if principal.roles.contains(.relyingService) { channels += principal.services.map(NoticeChannel.service) }
        if principal.roles.contains(.requester) { channels.append(.principal(principal.id)) }
        return channels
    }
}

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
