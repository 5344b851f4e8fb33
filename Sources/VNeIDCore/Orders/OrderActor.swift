/// A principal acting on an order, as the order records it: who, in which role, and for a
/// deputy the authorization it decided under.
public struct OrderActor: Sendable, Hashable {
    /// The principal's id.
    public var principalID: String
    /// The principal's name at the time.
    public var name: String
    /// The role it acted in.
    public var role: Role
    /// For a requester, the kind of third party.
    public var requesterType: RequesterType?
    /// For a station commander or deputy, its station.
    public var stationID: StationID?
    /// For a deputy, the commander's authorization it decided under.
    public var authorizationID: String?
    /// For a Police approver, its unit.
    public var policeUnit: PoliceUnitID?

    /// Creates an actor.
    public init(
        principalID: String, name: String, role: Role,
        requesterType: RequesterType? = nil, stationID: StationID? = nil, authorizationID: String? = nil,
        policeUnit: PoliceUnitID? = nil
    ) {
        self.principalID = principalID
        self.name = name
        self.role = role
        self.requesterType = requesterType
        self.stationID = stationID
        self.authorizationID = authorizationID
        self.policeUnit = policeUnit
    }

    /// The actor `principal` is when acting in `role`.
    public init(_ principal: Principal, as role: Role) {
        self.init(
            principalID: principal.id, name: principal.name, role: role,
            requesterType: role == .requester ? principal.requesterType : nil,
            stationID: role == .stationCommander || role == .stationDeputy ? principal.stationID : nil,
            policeUnit: role == .policeApprover ? principal.policeUnit : nil
        )
    }

    /// The title in Vietnamese, for notices.
    public var vietnameseTitle: String {
        switch role {
        case .stationCommander: "Đồn trưởng Đồn Biên phòng cửa khẩu \(stationID?.rawValue ?? "")"
        case .stationDeputy: "Phó Đồn trưởng Đồn Biên phòng cửa khẩu \(stationID?.rawValue ?? "") (theo ủy quyền \(authorizationID ?? ""))"
        case .policeApprover: "Thủ trưởng cơ quan Công an\(policeUnit.map { " (\($0))" } ?? "")"
        case .registry: "Hệ thống định danh và xác thực điện tử"
        case .requester: requesterType?.vietnameseName ?? "cơ quan đề nghị"
        case .admin, .auditor, .relyingService: role.rawValue
        }
    }
}
