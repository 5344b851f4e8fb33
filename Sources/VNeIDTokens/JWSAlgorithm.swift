/// The signature algorithms VNeID tokens may use. Everything else (`none`, `HS256`,
/// `RS512`, ...) is refused.
public enum JWSAlgorithm: String, Sendable, Hashable, CaseIterable {
    /// Ed25519 (RFC 8037).
    case edDSA = "EdDSA"
    /// ECDSA on P-256 with SHA-256.
    case es256 = "ES256"
    /// RSASSA-PKCS1-v1_5 with SHA-256, keys of 2048 bits or more.
    case rs256 = "RS256"

    /// The key's description in messages.
    var keyDescription: String {
        switch self {
        case .edDSA: "an Ed25519 key"
        case .es256: "a P-256 key"
        case .rs256: "an RSA key"
        }
    }
}
