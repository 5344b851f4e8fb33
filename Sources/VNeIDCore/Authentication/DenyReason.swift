/// Why an authentication was denied. Exactly one reason is given: the first that applies,
/// in the order of the cases (`allCases` is that order).
public enum DenyReason: Int, Sendable, Hashable, Comparable, CaseIterable {
    /// The token is not a well-formed JWS compact JWT with the claims we require: wrong
    /// shape, bad base64url, invalid or duplicate-key JSON, a claim of the wrong type, a
    /// `sub` or `org` that is not a valid account id, no `exp`; or a service with replay
    /// protection receiving a token without `jti`.
    case malformedToken = 1
    /// `alg` is not EdDSA, ES256 or RS256 (`none`, `HS256` and the like are refused).
    case unsupportedAlgorithm
    /// No trusted key has the token's `kid`, or that key is not of the type `alg` names.
    case unknownKey
    /// The signature does not verify with the key `kid` names.
    case badSignature
    /// `iss` is not the issuer that owns the signing key.
    case untrustedIssuer
    /// `exp` has passed (beyond the clock-skew tolerance).
    case expired
    /// `nbf` or `iat` lies in the future (beyond the clock-skew tolerance).
    case notYetValid
    /// `aud` does not contain the service's audience.
    case wrongAudience
    /// The token's assurance level (`loa`, 1 when absent) is below the service's minimum.
    case insufficientAssurance
    /// A one-time token (`jti`) was already presented to a service with replay protection.
    case replayed
    /// No account with the token's `sub` is registered.
    case unknownAccount
    /// The account is locked for every service.
    case accountLocked
    /// The account has an active suspension for this service.
    case suspendedForService
    /// The `org` claim names an organization that is not registered, not active, or not
    /// the account's managing organization.
    case organizationNotValid

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The reason's stable name, as the wire enum spells it (`ACCOUNT_LOCKED`); used in
    /// storage and output.
    public var code: String {
        switch self {
        case .malformedToken: "MALFORMED_TOKEN"
        case .unsupportedAlgorithm: "UNSUPPORTED_ALGORITHM"
        case .unknownKey: "UNKNOWN_KEY"
        case .badSignature: "BAD_SIGNATURE"
        case .untrustedIssuer: "UNTRUSTED_ISSUER"
        case .expired: "EXPIRED"
        case .notYetValid: "NOT_YET_VALID"
        case .wrongAudience: "WRONG_AUDIENCE"
        case .insufficientAssurance: "INSUFFICIENT_ASSURANCE"
        case .replayed: "REPLAYED"
        case .unknownAccount: "UNKNOWN_ACCOUNT"
        case .accountLocked: "ACCOUNT_LOCKED"
        case .suspendedForService: "SUSPENDED_FOR_SERVICE"
        case .organizationNotValid: "ORGANIZATION_NOT_VALID"
        }
    }

    /// The reason named `code`, or `nil`.
    public init?(code: String) {
        guard let reason = Self.allCases.first(where: { $0.code == code }) else { return nil }
        self = reason
    }
}

/// A denial: its reason and a sentence a person can act on.
public struct Denial: Sendable, Hashable, Error, CustomStringConvertible {
    /// The reason code.
    public var reason: DenyReason
    /// What exactly was wrong.
    public var detail: String
    /// For `accountLocked`: the grounds of the lock.
    public var lockReason: LockReason?

    /// Creates a denial.
    public init(_ reason: DenyReason, _ detail: String, lockReason: LockReason? = nil) {
        self.reason = reason
        self.detail = detail
        self.lockReason = lockReason
    }

    public var description: String { "\(reason): \(detail)" }
}
