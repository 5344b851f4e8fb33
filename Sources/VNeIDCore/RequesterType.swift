/// Which kind of third party a `requester` principal is, as the regulation names them.
public enum RequesterType: String, Sendable, Hashable, CaseIterable, Codable {
    /// A procedural agency (cơ quan tiến hành tố tụng): investigation, prosecution, court.
    case proceduralAgency = "PROCEDURAL_AGENCY"
    /// A competent authority (cơ quan chức năng có thẩm quyền).
    case competentAuthority = "COMPETENT_AUTHORITY"
    /// A relying party that uses the service (bên sử dụng dịch vụ).
    case relyingParty = "RELYING_PARTY"

    /// Parses a type as written on the command line (`procedural-agency` or `PROCEDURAL_AGENCY`).
    public init(parsing text: String) throws(VNeIDError) {
        let normalized = Spelling.constant(text)
        guard let type = Self(rawValue: normalized) else {
            throw .invalidArgument("unknown requester type '\(text)'; types are \(Self.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self = type
    }

    /// The Vietnamese name, for notices.
    public var vietnameseName: String {
        switch self {
        case .proceduralAgency: "cơ quan tiến hành tố tụng"
        case .competentAuthority: "cơ quan chức năng có thẩm quyền"
        case .relyingParty: "bên sử dụng dịch vụ"
        }
    }
}
