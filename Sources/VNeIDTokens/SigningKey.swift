import Crypto
import CryptoExtras
import Foundation

/// A private key that signs tokens: for test and integration work (`vneidctl token`), the
/// development issuer, and benchmarks. Production tokens come from the identity provider.
public struct SigningKey: Sendable {
    enum Material: Sendable {
        case ed25519(Curve25519.Signing.PrivateKey)
        case p256(P256.Signing.PrivateKey)
        case rsa(_RSA.Signing.PrivateKey)
    }

    private let material: Material
    /// The key id tokens name it by.
    public let keyID: String

    /// A new random key for `algorithm` (RSA: 2048 bits).
    public static func generate(_ algorithm: JWSAlgorithm, keyID: String) throws -> SigningKey {
        switch algorithm {
        case .edDSA: SigningKey(material: .ed25519(Curve25519.Signing.PrivateKey()), keyID: keyID)
        case .es256: SigningKey(material: .p256(P256.Signing.PrivateKey()), keyID: keyID)
        case .rs256: SigningKey(material: .rsa(try _RSA.Signing.PrivateKey(keySize: .bits2048)), keyID: keyID)
        }
    }

    /// Reads a PKCS#8 PEM private key (Ed25519, P-256 or RSA).
    public init(pemRepresentation pem: String, keyID: String) throws {
        if let key = try? Curve25519.Signing.PrivateKey(pemRepresentation: pem) {
            material = .ed25519(key)
        } else if let key = try? P256.Signing.PrivateKey(pemRepresentation: pem) {
            material = .p256(key)
        } else if let key = try? _RSA.Signing.PrivateKey(pemRepresentation: pem) {
            material = .rsa(key)
        } else {
            throw KeyFileError("not a PEM private key of a supported type (Ed25519, P-256, RSA of 2048 bits or more)")
        }
        self.keyID = keyID
    }

    private init(material: Material, keyID: String) {
        self.material = material
        self.keyID = keyID
    }

    /// The algorithm this key signs with.
    public var algorithm: JWSAlgorithm {
        switch material {
        case .ed25519: .edDSA
        case .p256: .es256
        case .rsa: .rs256
        }
    }

    /// The private key as PKCS#8 PEM, readable by OpenSSL and PyJWT.
    public var pemRepresentation: String {
        switch material {
        case .ed25519(let key): key.pemRepresentation
        case .p256(let key): key.pemRepresentation
        case .rsa(let key): key.pkcs8PEMRepresentation
        }
    }

    /// The public half as a JWK, for a JWKS file.
    public var publicJWK: PublicJWK {
        switch material {
        case .ed25519(let key):
            return PublicJWK(kty: "OKP", kid: keyID, alg: algorithm.rawValue, crv: "Ed25519", x: Base64URL.encode(key.publicKey.rawRepresentation))
        case .p256(let key):
            let point = [UInt8](key.publicKey.rawRepresentation)
            return PublicJWK(kty: "EC", kid: keyID, alg: algorithm.rawValue, crv: "P-256", x: Base64URL.encode(point[0..<32]), y: Base64URL.encode(point[32..<64]))
        case .rsa(let key):
            let primitives = try? key.publicKey.getKeyPrimitives()
            return PublicJWK(
                kty: "RSA", kid: keyID, alg: algorithm.rawValue,
                n: primitives.map { Base64URL.encode($0.modulus) }, e: primitives.map { Base64URL.encode($0.publicExponent) }
            )
        }
    }

    /// Signs `input` the way JWS `alg` of this key requires.
    func sign(_ input: [UInt8]) throws -> [UInt8] {
        switch material {
        case .ed25519(let key): [UInt8](try key.signature(for: input))
        case .p256(let key): [UInt8](try key.signature(for: input).rawRepresentation)
        case .rsa(let key): [UInt8](try key.signature(for: input, padding: .insecurePKCS1v1_5).rawRepresentation)
        }
    }
}
