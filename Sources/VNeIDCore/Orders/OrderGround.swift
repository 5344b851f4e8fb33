/// The legal ground an order rests on, as the regulations name them.
public enum OrderGround: String, Sendable, Hashable, CaseIterable, Codable {
    /// The subject asked to lock (or, for an unlock, to unlock) its own account.
    case subjectRequest = "SUBJECT_REQUEST"
    /// The subject violated the VNeID terms of use.
    case termsViolation = "TERMS_VIOLATION"
    /// The citizen's ID card was revoked. Citizens only.
    case idCardRevoked = "ID_CARD_REVOKED"
    /// The citizen has died. Citizens only.
    case deceased = "DECEASED"
    /// The organization was dissolved or ceased operation. Organizations only.
    case organizationDissolved = "ORGANIZATION_DISSOLVED"
    /// A third party's lock request, decided by the Police.
    case thirdPartyRequest = "THIRD_PARTY_REQUEST"
    /// A risk to the security or data safety of border e-procedures (suspend).
    case securityRisk = "SECURITY_RISK"
    /// The managing agency or enterprise asked (Appendix 1 to suspend, Appendix 3 to restore).
    case managingOrganizationRequest = "MANAGING_ORGANIZATION_REQUEST"
    /// The security risk is determined to be gone (restore).
    case riskResolved = "RISK_RESOLVED"
    /// The grounds of a lock no longer hold, as the Police decided (unlock).
    case lockGroundsLifted = "LOCK_GROUNDS_LIFTED"

    /// Parses a ground as written on the command line (`terms-violation` or `TERMS_VIOLATION`).
    public init(parsing text: String) throws(VNeIDError) {
        let normalized = Spelling.constant(text)
        guard let ground = Self(rawValue: normalized) else {
            throw .invalidArgument("unknown ground '\(text)'; grounds are \(Self.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self = ground
    }

    /// The lock reason an executed lock on this ground records.
    public var lockReason: LockReason? {
        switch self {
        case .subjectRequest: .subjectRequest
        case .termsViolation: .termsViolation
        case .idCardRevoked: .idCardRevoked
        case .deceased: .deceased
        case .organizationDissolved: .organizationDissolved
        case .thirdPartyRequest: .thirdPartyRequest
        default: nil
        }
    }

    /// The ground, in Vietnamese, for notices.
    public var vietnameseText: String {
        switch self {
        case .subjectRequest: "theo yêu cầu của chủ thể tài khoản"
        case .termsViolation: "chủ thể vi phạm điều khoản sử dụng ứng dụng VNeID"
        case .idCardRevoked: "thẻ Căn cước công dân của chủ thể bị thu hồi"
        case .deceased: "chủ thể đã chết"
        case .organizationDissolved: "tổ chức giải thể hoặc chấm dứt hoạt động theo quy định của pháp luật"
        case .thirdPartyRequest: "theo đề nghị của cơ quan, tổ chức có thẩm quyền"
        case .securityRisk: "phát hiện nguy cơ mất an ninh, an toàn dữ liệu thủ tục biên phòng điện tử"
        case .managingOrganizationRequest: "theo đề nghị của cơ quan, doanh nghiệp chủ quản"
        case .riskResolved: "nguy cơ mất an ninh, an toàn dữ liệu đã được xác định là không còn"
        case .lockGroundsLifted: "căn cứ khóa tài khoản không còn"
        }
    }
}
