import struct Foundation.Date

/// What an audit entry records.
public enum AuditKind: String, Sendable, Hashable, CaseIterable, Codable {
    case orderReceived = "ORDER_RECEIVED"
    case orderExecuted = "ORDER_EXECUTED"
    case orderRefused = "ORDER_REFUSED"
    case noticeDelivered = "NOTICE_DELIVERED"
    case authorizationGranted = "AUTHORIZATION_GRANTED"
    case authorizationRevoked = "AUTHORIZATION_REVOKED"
    case principalCreated = "PRINCIPAL_CREATED"
    case principalRevoked = "PRINCIPAL_REVOKED"
    case apiKeyIssued = "API_KEY_ISSUED"
    case apiKeyRevoked = "API_KEY_REVOKED"
    case serviceAdded = "SERVICE_ADDED"
    case serviceUpdated = "SERVICE_UPDATED"
    case serviceRemoved = "SERVICE_REMOVED"
    /// Records that existed before records were bound to the chain, bound as they stood
    /// when the daemon first opened the database with record binding.
    case recordsSealed = "RECORDS_SEALED"

    /// Parses a kind as written on the command line (`order-executed` or `ORDER_EXECUTED`).
    public init(parsing text: String) throws(VNeIDError) {
        guard let kind = Self(rawValue: Spelling.constant(text)) else {
            throw .invalidArgument("unknown audit kind '\(text)'; kinds are \(Self.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self = kind
    }
}

/// Who did what the audit log records: a principal, or the daemon itself (`system`).
public struct AuditActor: Sendable, Hashable {
    /// The principal's id, or `system`.
    public var id: String
    /// The principal's name, or `system`.
    public var name: String

    /// Creates an actor.
    public init(id: String, name: String) {
        self.id = id
        self.name = name
    }

    /// The daemon itself: bootstrap and development set-up.
    public static let system = AuditActor(id: "system", name: "system")
}

/// One thing that happened, to append to the audit log.
public struct AuditEvent: Sendable, Hashable {
    /// What happened.
    public var kind: AuditKind
    /// When.
    public var at: Date
    /// Who did it.
    public var actor: AuditActor
    /// The account concerned, if any.
    public var accountID: String?
    /// The order concerned, if any.
    public var orderID: String?
    /// The principal, service, authorization or notice concerned, if any.
    public var target: String?
    /// What happened, in words; for orders the grounds and the decision.
    public var detail: String

    /// Creates an event.
    public init(
        kind: AuditKind, at: Date, actor: AuditActor, accountID: String? = nil, orderID: String? = nil,
        target: String? = nil, detail: String
    ) {
        self.kind = kind
        self.at = at
        self.actor = actor
        self.accountID = accountID
        self.orderID = orderID
        self.target = target
        self.detail = detail
    }
}
