import struct Foundation.Date

/// The stored state an order command is decided against, read in the same transaction as
/// the command's writes.
public struct OrderWorld: Sendable {
    /// The account concerned and its status; `nil` when not registered.
    public var account: AccountSnapshot?
    /// The organization the account's subject acts for, if any.
    public var managingOrganization: Account?
    /// For approve and refuse: the order decided.
    public var existingOrder: Order?
    /// For a deputy: the authorization in force for it at its station, if any.
    public var authorization: StationAuthorization?
    /// For a deputy without one in force: its latest authorization, to say why it lapsed.
    public var latestAuthorization: StationAuthorization?
    /// For suspend and restore: whether the service is registered.
    public var serviceRegistered: Bool

    /// Creates a world.
    public init(
        account: AccountSnapshot?, managingOrganization: Account? = nil, existingOrder: Order? = nil,
        authorization: StationAuthorization? = nil, latestAuthorization: StationAuthorization? = nil,
        serviceRegistered: Bool = true
    ) {
        self.account = account
        self.managingOrganization = managingOrganization
        self.existingOrder = existingOrder
        self.authorization = authorization
        self.latestAuthorization = latestAuthorization
        self.serviceRegistered = serviceRegistered
    }
}
