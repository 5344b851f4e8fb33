/// What a principal may do. A principal holds one or more roles.
public enum Role: String, Sendable, Hashable, CaseIterable, Codable, Comparable {
    /// Manages principals and services.
    case admin = "ADMIN"
    /// Writes accounts: the national registries' feeds.
    case registry = "REGISTRY"
    /// Reads account status for the services it is bound to.
    case relyingService = "RELYING_SERVICE"
    /// Reads everything, writes nothing.
    case auditor = "AUDITOR"
    /// Submits lock requests for a third party: a procedural agency, a competent authority
    /// or a relying party (the principal's `requesterType` says which).
    case requester = "REQUESTER"
    /// Decides lock requests and lifts locks: the head of a Police unit.
    case policeApprover = "POLICE_APPROVER"
    /// Commands a border guard station (Đồn trưởng): suspends and restores border-portal
    /// login and authorizes the station's deputies.
    case stationCommander = "STATION_COMMANDER"
    /// A deputy station commander (Phó Đồn trưởng): decides like the commander only while
    /// holding the commander's authorization.
    case stationDeputy = "STATION_DEPUTY"

    /// Parses a role name as written on the command line or in configuration
    /// (`admin`, `RELYING_SERVICE`, `relying-service` all work).
    public init(parsing text: String) throws(VNeIDError) {
        let normalized = Spelling.constant(text)
        guard let role = Self(rawValue: normalized) else {
            throw .invalidArgument("unknown role '\(text)'; roles are \(Self.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self = role
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
