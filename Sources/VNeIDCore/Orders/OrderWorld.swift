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
    /// For suspend and restore: the service concerned, `nil` when it is not registered.
    public var service: RegisteredService?
    /// For suspend and restore: every service marked as a border e-procedure portal.
    public var borderPortals: [ServiceName]
    /// The orders that added the account's lock grounds and suspensions in force, by id.
    public var groundOrders: [String: Order]
    /// For a lock request: the Police units some active approver belongs to.
    public var policeUnits: [PoliceUnitID]

    /// Creates a world.
    public init(
        account: AccountSnapshot?, managingOrganization: Account? = nil, existingOrder: Order? = nil,
        authorization: StationAuthorization? = nil, latestAuthorization: StationAuthorization? = nil,
        service: RegisteredService? = nil, borderPortals: [ServiceName] = [], groundOrders: [String: Order] = [:],
        policeUnits: [PoliceUnitID] = []
    ) {
        self.account = account
        self.managingOrganization = managingOrganization
        self.existingOrder = existingOrder
        self.authorization = authorization
        self.latestAuthorization = latestAuthorization
        self.service = service
        self.borderPortals = borderPortals
        self.groundOrders = groundOrders
        self.policeUnits = policeUnits
    }
}
