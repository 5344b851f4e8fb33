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

    /// Parses a role name as written on the command line or in configuration
    /// (`admin`, `RELYING_SERVICE`, `relying-service` all work).
    public init(parsing text: String) throws(VNeIDError) {
        let normalized = String(text.uppercased().map { $0 == "-" ? "_" : $0 })
        guard let role = Self(rawValue: normalized) else {
            throw .invalidArgument("unknown role '\(text)'; roles are \(Self.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self = role
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
