import struct Foundation.Date

/// The claims of a token whose signature verified with a trusted issuer's key, and whose
/// `iss` is that issuer. Time, audience and account checks are still to be made.
public struct VerifiedToken: Sendable, Hashable {
    /// The issuer (`iss`).
    public var issuer: String
    /// The account the token is about (`sub`).
    public var subject: AccountID
    /// The audiences (`aud`, a string or an array of strings).
    public var audiences: [String]
    /// Expiry (`exp`).
    public var expiresAt: Date
    /// Not before (`nbf`), if given.
    public var notBefore: Date?
    /// Issued at (`iat`), if given.
    public var issuedAt: Date?
    /// The assurance level of the login (`loa`), if given.
    public var assuranceLevel: AssuranceLevel?
    /// The organization the person acts for (`org`), if given.
    public var organizationID: AccountID?
    /// The token id (`jti`), if given.
    public var tokenID: String?
    /// The signing algorithm (`alg`).
    public var algorithm: String
    /// The signing key (`kid`).
    public var keyID: String

    /// Creates verified claims.
    public init(
        issuer: String, subject: AccountID, audiences: [String], expiresAt: Date,
        notBefore: Date? = nil, issuedAt: Date? = nil, assuranceLevel: AssuranceLevel? = nil,
        organizationID: AccountID? = nil, tokenID: String? = nil, algorithm: String, keyID: String
    ) {
        self.issuer = issuer
        self.subject = subject
        self.audiences = audiences
        self.expiresAt = expiresAt
        self.notBefore = notBefore
        self.issuedAt = issuedAt
        self.assuranceLevel = assuranceLevel
        self.organizationID = organizationID
        self.tokenID = tokenID
        self.algorithm = algorithm
        self.keyID = keyID
    }

    /// The level the login counts as: the `loa` claim, or level 1 when absent.
    public var effectiveAssuranceLevel: AssuranceLevel { assuranceLevel ?? .level1 }
}
