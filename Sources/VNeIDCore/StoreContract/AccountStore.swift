import struct Foundation.Date

/// Persistent storage of accounts and their status.
///
/// Guarantees beyond those of `VNeIDStore`:
/// - `accountSnapshot(id:)` is the hot path of `Authenticate`. It may be served from
///   memory, but never returns a status older than the last committed write that changed
///   it through this daemon (a lock or suspension takes effect on its next call), nor, for
///   a write through another daemon sharing the store, older than the store's stated
///   propagation bound (see `VNeIDStore`).
/// - An import is one transaction, whatever its size; an unchanged account is not written.
public protocol AccountStore: Sendable {
    /// The account with `id`, or `nil` when none is registered.
    func account(id: AccountID) async throws -> Account?

    /// The account with `id` and its status, read together, or `nil` when none is
    /// registered.
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
