import struct Foundation.Date

/// A VNeID account as the registry holds it.
public struct Account: Sendable, Hashable {
    /// The registry-owned data.
    public var record: AccountRecord
    /// When the registry first recorded the account.
    public var createdAt: Date
    /// When the registry last changed the account.
    public var updatedAt: Date

    /// Creates an account.
    public init(record: AccountRecord, createdAt: Date, updatedAt: Date) {
        self.record = record
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The account's identifier.
    public var id: AccountID { record.id }
    /// Whether the account is a citizen's or an organization's.
    public var kind: AccountKind { record.kind }
}
