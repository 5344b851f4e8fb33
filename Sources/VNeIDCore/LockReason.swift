/// The grounds on which an identity account is locked, as the regulation names them.
public enum LockReason: String, Sendable, Hashable, CaseIterable, Codable {
    /// The subject asked to lock its own account.
    case subjectRequest
    /// The subject violated the VNeID terms of use.
    case termsViolation
    /// The citizen's ID card (thẻ Căn cước công dân) was revoked. Citizens only.
    case idCardRevoked
    /// The citizen has died. Citizens only.
    case deceased
    /// The organization was dissolved or ceased operation. Organizations only.
    case organizationDissolved
    /// A third party's request, approved by the head of a Police unit.
    case thirdPartyRequest

    /// Whether no order ever lifts a lock on this ground: a death and an organization's
    /// dissolution are facts no decision undoes.
    public var isFinal: Bool { self == .deceased || self == .organizationDissolved }
}
