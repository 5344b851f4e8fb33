import struct Foundation.Date

/// A caller of the API: a registry feed, a relying service, an operator.
public struct Principal: Sendable, Hashable {
    /// Assigned by the server: `prn_` and 16 hex digits.
    public var id: String
    /// Unique, human-chosen name.
    public var name: String
    /// What the principal may do.
    public var roles: Set<Role>
    /// The services a `relyingService` principal is bound to.
    public var services: [ServiceName]
    /// When the principal was created.
    public var createdAt: Date
    /// When the principal was revoked, if it was; none of its keys work after that.
    public var revokedAt: Date?
    /// The principal's API keys, oldest first.
    public var apiKeys: [APIKeyInfo]
    /// For a `requester`: which kind of third party it is.
    public var requesterType: RequesterType?
    /// For a `stationCommander` or `stationDeputy`: the station it serves.
    public var stationID: StationID?
    /// For a `policeApprover`: the Police unit it heads.
    public var policeUnit: PoliceUnitID?

    /// Creates a principal.
    public init(
        id: String,
        name: String,
        roles: Set<Role>,
        services: [ServiceName],
        createdAt: Date,
        revokedAt: Date? = nil,
        apiKeys: [APIKeyInfo] = [],
        requesterType: RequesterType? = nil,
        stationID: StationID? = nil,
        policeUnit: PoliceUnitID? = nil
    ) {
        self.id = id
        self.name = name
        self.roles = roles
        self.services = services
        self.createdAt = createdAt
        self.revokedAt = revokedAt
        self.apiKeys = apiKeys
        self.requesterType = requesterType
        self.stationID = stationID
        self.policeUnit = policeUnit
    }

    /// Whether the principal may still call the API.
    public var isActive: Bool { revokedAt == nil }

    /// Pairs of roles one principal may not hold together: the first asks for a decision
    /// the second takes (a third party's lock request goes to the Police, and the head of
    /// the receiving unit decides it, never the one who asked).
    public static let rolesKeptApart: [(Role, Role)] = [(.requester, .policeApprover)]

    /// Checks the name and role rules for a new principal.
    ///
    /// Names are 1 to 100 letters, digits, `.`, `_` and `-`. At least one role is needed.
    /// A `relyingService` principal must be bound to at least one service, and only such
    /// a principal may be bound to services.
    ///
    /// A `requester` must say which kind of third party it is, and only a requester may.
    /// A station commander or deputy must name its station, and only they may; one
    /// principal is not both the commander and a deputy, nor holds both roles of a pair in
    /// `rolesKeptApart`. A Police approver must name its unit, and only it may.
    public static func validateNew(
        name: String, roles: Set<Role>, services: [ServiceName],
        requesterType: RequesterType? = nil, stationID: StationID? = nil, policeUnit: PoliceUnitID? = nil
    ) throws(VNeIDError) {
        let nameBytes = Array(name.utf8)
        guard (1...100).contains(nameBytes.count), nameBytes.allSatisfy(Self.isNameByte) else {
            throw .invalidArgument("principal name '\(name)' is invalid: use 1 to 100 letters, digits, '.', '_' and '-'")
        }
        guard !roles.isEmpty else {
            throw .invalidArgument("principal '\(name)' needs at least one role (\(Role.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        if roles.contains(.relyingService), services.isEmpty {
            throw .invalidArgument("principal '\(name)' has the RELYING_SERVICE role and must be bound to at least one service")
        }
        if !roles.contains(.relyingService), !services.isEmpty {
            throw .invalidArgument("principal '\(name)' is bound to services but does not have the RELYING_SERVICE role")
        }
        if roles.contains(.requester), requesterType == nil {
            throw .invalidArgument("principal '\(name)' has the REQUESTER role and must say which kind of requester it is (\(RequesterType.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        if !roles.contains(.requester), requesterType != nil {
            throw .invalidArgument("principal '\(name)' has a requester type but not the REQUESTER role")
        }
        for (asking, deciding) in Self.rolesKeptApart where roles.contains(asking) && roles.contains(deciding) {
            throw .invalidArgument(
                "principal '\(name)' cannot hold both \(asking.rawValue) and \(deciding.rawValue): the law keeps the one who asks for a lock apart from the one who decides it; create two principals"
            )
        }
        let stationRoles = roles.intersection([.stationCommander, .stationDeputy])
        if stationRoles.count == 2 {
            throw .invalidArgument("principal '\(name)' cannot be both STATION_COMMANDER and STATION_DEPUTY")
        }
        if !stationRoles.isEmpty, stationID == nil {
            throw .invalidArgument("principal '\(name)' has the \(stationRoles.first!.rawValue) role and must name its station")
        }
        if stationRoles.isEmpty, stationID != nil {
            throw .invalidArgument("principal '\(name)' names a station but has neither the STATION_COMMANDER nor the STATION_DEPUTY role")
        }
        if roles.contains(.policeApprover), policeUnit == nil {
            throw .invalidArgument("principal '\(name)' has the POLICE_APPROVER role and must name its Police unit (police_unit): lock requests are addressed to a unit and decided by its head")
        }
        if !roles.contains(.policeApprover), policeUnit != nil {
            throw .invalidArgument("principal '\(name)' names a Police unit but does not have the POLICE_APPROVER role")
        }
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
            return true
        default:
            return false
        }
    }
}

/// The public description of an API key. The secret itself is never kept.
public struct APIKeyInfo: Sendable, Hashable {
    /// The key's public identifier, also embedded in the key.
    public var id: String
    /// When the key was issued.
    public var createdAt: Date
    /// When the key was revoked, if it was.
    public var revokedAt: Date?

    /// Creates a key description.
    public init(id: String, createdAt: Date, revokedAt: Date? = nil) {
        self.id = id
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }
}
