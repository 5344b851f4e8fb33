import Foundation

/// The claims of a token to mint.
public struct TokenClaims: Sendable {
    /// `iss`.
    public var issuer: String
    /// `sub`: the account id.
    public var subject: String
    /// `aud`: written as a string when there is one.
    public var audiences: [String]
    /// `iat`.
    public var issuedAt: Date
    /// `exp`.
    public var expiresAt: Date
    /// `nbf`, if any.
    public var notBefore: Date?
    /// `loa`, if any.
    public var assuranceLevel: Int?
    /// `org`, if any.
    public var organizationID: String?
    /// `jti`, if any.
    public var tokenID: String?

    /// Creates claims; `iat` is `issuedAt`, `exp` is `expiresAt`.
    public init(
        issuer: String, subject: String, audiences: [String], issuedAt: Date, expiresAt: Date,
        notBefore: Date? = nil, assuranceLevel: Int? = nil, organizationID: String? = nil, tokenID: String? = nil
    ) {
        self.issuer = issuer
        self.subject = subject
        self.audiences = audiences
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
        self.notBefore = notBefore
        self.assuranceLevel = assuranceLevel
        self.organizationID = organizationID
        self.tokenID = tokenID
    }

    var json: JSONValue {
        var members: [String: JSONValue] = [
            "iss": .string(issuer),
            "sub": .string(subject),
            "iat": .number(issuedAt.timeIntervalSince1970.rounded(.down)),
            "exp": .number(expiresAt.timeIntervalSince1970.rounded(.down)),
        ]
        if audiences.count == 1 { members["aud"] = .string(audiences[0]) } else if !audiences.isEmpty { members["aud"] = .array(audiences.map(JSONValue.string)) }
        if let notBefore { members["nbf"] = .number(notBefore.timeIntervalSince1970.rounded(.down)) }
        if let assuranceLevel { members["loa"] = .number(Double(assuranceLevel)) }
        if let organizationID { members["org"] = .string(organizationID) }
        if let tokenID { members["jti"] = .string(tokenID) }
        return .object(members)
    }
}

/// Signs tokens in JWS compact form. For tests, integration work, the development issuer
/// and benchmarks; production tokens come from the identity provider.
public enum TokenMinter {
    /// A signed token carrying `claims`, with `kid` and `alg` of `key` in its header.
    public static func mint(_ claims: TokenClaims, key: SigningKey) throws -> String {
        let header = JSONValue.object(["alg": .string(key.algorithm.rawValue), "typ": .string("JWT"), "kid": .string(key.keyID)])
        return try sign(header: header.serialized, payload: claims.json.serialized, key: key)
    }

    /// A signed token over raw header and payload texts, exactly as given.
    public static func sign(header: String, payload: String, key: SigningKey) throws -> String {
        let signingInput = Base64URL.encode(Array(header.utf8)) + "." + Base64URL.encode(Array(payload.utf8))
        return signingInput + "." + Base64URL.encode(try key.sign(Array(signingInput.utf8)))
    }

    /// Base64url of `bytes`, for tests that assemble tokens by hand.
    public static func base64URL(_ bytes: some Collection<UInt8>) -> String { Base64URL.encode(bytes) }
}
