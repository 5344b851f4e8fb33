import struct Foundation.Date

/// One change of an account's status, numbered in one sequence for the whole system so a
/// watcher can resume after the last one it saw.
public struct StatusChange: Sendable, Hashable {
    /// The global sequence number: 1, 2, 3… in the order the changes were committed.
    public var sequence: UInt64
    /// The account's status after the change.
    public var status: AccountStatus
    /// The order that made the change.
    public var orderID: String
    /// What kind of order it was.
    public var orderKind: OrderKind
    /// When the change took effect.
    public var at: Date

    /// Creates a change.
    public init(sequence: UInt64, status: AccountStatus, orderID: String, orderKind: OrderKind, at: Date) {
        self.sequence = sequence
        self.status = status
        self.orderID = orderID
        self.orderKind = orderKind
        self.at = at
    }
}
