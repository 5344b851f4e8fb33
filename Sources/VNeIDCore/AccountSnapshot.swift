/// An account and its status, read together.
public struct AccountSnapshot: Sendable, Hashable {
    /// The registry's data.
    public var account: Account
    /// Its status at the time of the read.
    public var status: AccountStatus

    /// Creates a snapshot.
    public init(account: Account, status: AccountStatus) {
        self.account = account
        self.status = status
    }
}
