import VNeIDCore

extension AccountKind {
    /// The wire form of the kind.
    public var proto: Vneid_V1_AccountKind {
        switch self {
        case .citizen: .citizen
        case .organization: .organization
        }
    }

    /// The kind a wire value names, or `nil` for UNSPECIFIED and unknown values.
    public init?(proto: Vneid_V1_AccountKind) {
        switch proto {
        case .citizen: self = .citizen
        case .organization: self = .organization
        default: return nil
        }
    }
}

extension Role {
    /// The wire form of the role.
    public var proto: Vneid_V1_Role {
        switch self {
        case .admin: .admin
        case .registry: .registry
        case .relyingService: .relyingService
        case .auditor: .auditor
        case .requester: .requester
        case .policeApprover: .policeApprover
        case .stationCommander: .stationCommander
        case .stationDeputy: .stationDeputy
        }
    }

    /// The role a wire value names, or `nil` for UNSPECIFIED and unknown values.
    public init?(proto: Vneid_V1_Role) {
        switch proto {
        case .admin: self = .admin
        case .registry: self = .registry
        case .relyingService: self = .relyingService
        case .auditor: self = .auditor
        case .requester: self = .requester
        case .policeApprover: self = .policeApprover
        case .stationCommander: self = .stationCommander
        case .stationDeputy: self = .stationDeputy
        default: return nil
        }
    }
}

extension LockReason {
    /// The wire form of the lock reason.
    public var proto: Vneid_V1_LockReason {
        switch self {
        case .subjectRequest: .subjectRequest
        case .termsViolation: .termsViolation
        case .idCardRevoked: .idCardRevoked
        case .deceased: .deceased
        case .organizationDissolved: .organizationDissolved
        case .thirdPartyRequest: .thirdPartyRequest
        }
    }

    /// The reason a wire value names, or `nil` for UNSPECIFIED and unknown values.
    public init?(proto: Vneid_V1_LockReason) {
        switch proto {
        case .subjectRequest: self = .subjectRequest
        case .termsViolation: self = .termsViolation
        case .idCardRevoked: self = .idCardRevoked
        case .deceased: self = .deceased
        case .organizationDissolved: self = .organizationDissolved
        case .thirdPartyRequest: self = .thirdPartyRequest
        default: return nil
        }
    }
}
