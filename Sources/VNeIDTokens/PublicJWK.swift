/// A public key as a JSON Web Key (RFC 7517, RFC 7518 §6, RFC 8037), as JWKS files carry it.
public struct PublicJWK: Codable, Sendable, Hashable {
    public var kty: String?
    public var kid: String?
    public var use: String?
    public var alg: String?
    public var crv: String?
    public var x: String?
    public var y: String?
    public var n: String?
    public var e: String?
    /// Private material; its presence in a trust file is refused.
    public var d: String?

    /// Creates a JWK from its members.
    public init(
        kty: String?, kid: String?, use: String? = "sig", alg: String?, crv: String? = nil,
        x: String? = nil, y: String? = nil, n: String? = nil, e: String? = nil
    ) {
        self.kty = kty
        self.kid = kid
        self.use = use
        self.alg = alg
        self.crv = crv
        self.x = x
        self.y = y
        self.n = n
        self.e = e
    }
}

/// A JWK Set file: `{"keys": [...]}`.
public struct JWKSetFile: Codable, Sendable {
    /// The keys.
    public var keys: [PublicJWK]

    /// Creates a set.
    public init(keys: [PublicJWK]) {
        self.keys = keys
    }
}
