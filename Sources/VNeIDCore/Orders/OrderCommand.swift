import struct Foundation.Date

/// One order RPC as the store carries it out: the action, who acts, the caller's request
/// id (with a fingerprint of the request, to tell a retry from a different request), and
/// the times and ids the service layer fixed for it.
public struct OrderCommand: Sendable {
    /// What to do.
    public var action: OrderAction
    /// Who does it, in which role.
    public var actor: OrderActor
    /// The caller's idempotency key, unique per caller.
    public var requestID: String
    /// SHA-256 of the request without its request id.
    public var fingerprint: [UInt8]
    /// When it happens.
    public var at: Date
    /// The id a new order gets.
    public var newOrderID: String
    /// For a lock request: the end of the second working day after the day of receipt.
    public var reviewDeadline: Date
    /// For automatic locks and unlocks: when their notices are due.
    public var workingDayNoticeDue: Date

    /// Creates a command.
    public init(
        action: OrderAction, actor: OrderActor, requestID: String, fingerprint: [UInt8], at: Date,
        newOrderID: String, reviewDeadline: Date, workingDayNoticeDue: Date
    ) {
        self.action = action
        self.actor = actor
        self.requestID = requestID
        self.fingerprint = fingerprint
        self.at = at
        self.newOrderID = newOrderID
        self.reviewDeadline = reviewDeadline
        self.workingDayNoticeDue = workingDayNoticeDue
    }

    /// The longest request id accepted, in characters.
    public static let maximumRequestIDLength = 128

    /// Checks a client-chosen request id: 1 to 128 visible ASCII characters.
    public static func validateRequestID(_ id: String) throws(VNeIDError) {
        guard !id.isEmpty else {
            throw .invalidArgument("request_id is empty: choose a unique id per order (a UUID, for example) and reuse it only to retry the same request")
        }
        guard id.utf8.count <= maximumRequestIDLength, id.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7f }) else {
            throw .invalidArgument("request_id must be 1 to \(maximumRequestIDLength) visible ASCII characters")
        }
    }
}
