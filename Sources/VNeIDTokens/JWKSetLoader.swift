import Crypto
import CryptoExtras
import Foundation

/// Reads one issuer's JWKS file into verification keys.
///
/// A key that cannot be used (another curve, too short, not for signatures, carrying
/// private material) is skipped with a warning; a file that is not a JWK set, repeats a
/// `kid`, or holds no usable key is refused as a whole.
enum JWKSetLoader {
    struct Loaded {
        var keys: [TrustedKey]
        var warnings: [String]
    }

    static func load(path: String, issuer: String) throws(TrustStoreError) -> Loaded {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw TrustStoreError("cannot read JWKS file \(path) of issuer \(issuer): \(error.localizedDescription)")
        }
        return try load(data: data, path: path, issuer: issuer)
    }

    /// Reads a JWK set from the bytes of the file at `path` (named in messages only).
    static func load(data: Data, path: String, issuer: String) throws(TrustStoreError) -> Loaded {
        let file: JWKSetFile
        do { file = try JSONDecoder().decode(JWKSetFile.self, from: data) } catch {
            throw TrustStoreError("JWKS file \(path) of issuer \(issuer) is not a JWK set ({\"keys\": [...]}): \(error)")
        }
        var loaded = Loaded(keys: [], warnings: [])
        var seen = Set<String>()
        for (index, jwk) in file.keys.enumerated() {
            guard let kid = jwk.kid, !kid.isEmpty else {
                loaded.warnings.append("\(path): key #\(index + 1) has no kid and cannot be chosen; skipped")
                continue
            }
            guard seen.insert(kid).inserted else {
                throw TrustStoreError("JWKS file \(path) of issuer \(issuer) has kid '\(kid)' more than once")
            }
            do {
                loaded.keys.append(TrustedKey(issuer: issuer, keyID: kid, material: try material(of: jwk)))
            } catch {
                loaded.warnings.append("\(path): key '\(kid)' skipped: \(error.description)")
            }
        }
        guard !loaded.keys.isEmpty else {
            throw TrustStoreError("JWKS file \(path) of issuer \(issuer) holds no usable key\(loaded.warnings.isEmpty ? "" : " (" + loaded.warnings.joined(separator: "; ") + ")")")
        }
        return loaded
    }

    private static func material(of jwk: PublicJWK) throws(TrustStoreError) -> TrustedKey.Material {
        guard jwk.d == nil else { throw TrustStoreError("it carries private key material (d); publish public keys only") }
        if let use = jwk.use, use != "sig" { throw TrustStoreError("its use is '\(use)', not 'sig'") }
        let declared: JWSAlgorithm?
        if let alg = jwk.alg {
            guard let algorithm = JWSAlgorithm(rawValue: alg) else { throw TrustStoreError("alg '\(alg)' is not supported (EdDSA, ES256, RS256)") }
            declared = algorithm
        } else {
            declared = nil
        }
        let material: TrustedKey.Material
        switch jwk.kty {
        case "OKP":
            guard jwk.crv == "Ed25519" else { throw TrustStoreError("curve '\(jwk.crv ?? "none")' is not supported for OKP keys (Ed25519)") }
            guard let x = decode(jwk.x), x.count == 32,
                  let key = try? Curve25519.Signing.PublicKey(rawRepresentation: x)
            else { throw TrustStoreError("x is not a 32-byte Ed25519 public key") }
            material = .ed25519(key)
        case "EC":
            guard jwk.crv == "P-256" else { throw TrustStoreError("curve '\(jwk.crv ?? "none")' is not supported for EC keys (P-256)") }
            guard let x = decode(jwk.x), let y = decode(jwk.y), x.count == 32, y.count == 32,
                  let key = try? P256.Signing.PublicKey(rawRepresentation: x + y)
            else { throw TrustStoreError("x and y are not a point on P-256") }
            material = .p256(key)
        case "RSA":
            guard let n = decode(jwk.n), let e = decode(jwk.e), !n.isEmpty, !e.isEmpty else {
                throw TrustStoreError("n and e must be base64url integers")
            }
            guard let key = try? _RSA.Signing.PublicKey(n: n, e: e) else {
                throw TrustStoreError("not a usable RSA key: RSA keys must have 2048 bits or more")
            }
            material = .rsa(key)
        default:
            throw TrustStoreError("key type '\(jwk.kty ?? "none")' is not supported (OKP, EC, RSA)")
        }
        if let declared, declared != material.algorithm {
            throw TrustStoreError("alg \(declared.rawValue) does not match its key type \(jwk.kty ?? "")")
        }
        return material
    }

    private static func decode(_ text: String?) -> [UInt8]? {
        text.flatMap(Base64URL.decode)
    }
}
