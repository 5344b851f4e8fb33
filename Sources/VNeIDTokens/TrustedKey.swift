import Crypto
import CryptoExtras

/// A public key an issuer signs tokens with, ready to verify.
struct TrustedKey: Sendable {
    enum Material: Sendable {
        case ed25519(Curve25519.Signing.PublicKey)
        case p256(P256.Signing.PublicKey)
        case rsa(_RSA.Signing.PublicKey)

        /// The one algorithm this key verifies.
        var algorithm: JWSAlgorithm {
            switch self {
            case .ed25519: .edDSA
            case .p256: .es256
            case .rsa: .rs256
            }
        }
    }

    /// The issuer (`iss`) that owns the key.
    let issuer: String
    /// The key id (`kid`).
    let keyID: String
    /// The key itself.
    let material: Material

    /// The one algorithm this key verifies.
    var algorithm: JWSAlgorithm { material.algorithm }

    /// Whether `signature` is this key's signature over `signingInput`.
    func isValidSignature(_ signature: [UInt8], for signingInput: Substring.UTF8View) -> Bool {
        let input = Array(signingInput)
        switch material {
        case .ed25519(let key):
            return signature.count == 64 && key.isValidSignature(signature, for: input)
        case .p256(let key):
            // JWS carries ECDSA as the fixed-size r || s, not DER.
            guard signature.count == 64, let parsed = try? P256.Signing.ECDSASignature(rawRepresentation: signature) else { return false }
            return key.isValidSignature(parsed, for: input)
        case .rsa(let key):
            guard signature.count == key.keySizeInBits / 8 else { return false }
            return key.isValidSignature(_RSA.Signing.RSASignature(rawRepresentation: signature), for: input, padding: .insecurePKCS1v1_5)
        }
    }
}
