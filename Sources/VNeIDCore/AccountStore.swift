import struct Foundation.Date

/// How many records of an import were written and how.
public struct AccountImportCounts: Sendable, Equatable {
    /// New accounts written.
    public var created: Int
    /// Existing accounts whose data changed.
    public var updated: Int
    /// Existing accounts whose data was already as given.
    public var unchanged: Int

    /// Creates counts.
    public init(created: Int = 0, updated: Int = 0, unchanged: Int = 0) {
        self.created = created
        self.updated = updated
        self.unchanged = unchanged
    }
}

/// Persistent storage of accounts and their status.
///
/// Implementations: SQLite today, PostgreSQL later; the same contract tests run against
/// each. Every write is one transaction: it happens whole or not at all.
public protocol AccountStore: Sendable {
    /// The account with `id`, or `nil` when none is registered.
    func account(id: AccountID) async throws -> Account?

    /// The account with `id` and its status, read together, or `nil` when none is
    /// registered. The hot path of authentication: implementations should serve it from
    /// memory when they can, and must never return a status older than the last write.
    func accountSnapshot(id: AccountID) async throws -> AccountSnapshot?

    /// The status of the account with `id`, or `nil` when none is registered.
    func accountStatus(id: AccountID) async throws -> AccountStatus?

    /// The statuses of the registered accounts among `ids`; unknown ids are absent.
    func accountStatuses(ids: [AccountID]) async throws -> [AccountID: AccountStatus]

    /// The ids among `ids` that are registered.
    func registeredAccountIDs(among ids: Set<AccountID>) async throws -> Set<AccountID>

    /// Creates or updates accounts (upsert by id) in one transaction.
    ///
    /// An account whose data is already as given is left alone: neither its `updatedAt`
    /// nor its status version changes. Each created or changed account gets a new
    /// status version.
    func importAccounts(_ records: [AccountRecord], at now: Date) async throws -> AccountImportCounts
}
