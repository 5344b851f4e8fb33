/// A public key as a JSON Web Key (RFC 7517, RFC 7518 §6, RFC 8037), as JWKS files carry it.
public struct PublicJWK: Codable, Sendable, Hashable {
    /// Key type: `OKP`, `EC` or `RSA`.
    public var kty: String?
    /// Key id, matched against the token header's `kid`.
    public var kid: String?
    /// Intended use; must be `sig` when present.
    public var use: String?
    /// Algorithm; must agree with the key type when present.
    public var alg: String?
    /// Curve: `Ed25519` (OKP) or `P-256` (EC).
    public var crv: String?
    /// Public point: Ed25519 key bytes, or the P-256 x coordinate (base64url).
    public var x: String?
    /// P-256 y coordinate (base64url).
    public var y: String?
    /// RSA modulus (base64url).
    public var n: String?
    /// RSA public exponent (base64url).
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
