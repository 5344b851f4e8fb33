import Foundation
import VNeIDTestSupport
@testable import VNeIDTokens

/// A trusted issuer with one key of each algorithm, its JWKS in a temporary directory,
/// and a verifier over it.
struct TrustFixture {
    static let issuer = "https://id.vneid.test"
    let directory: TemporaryDirectory
    let ed25519: SigningKey
    let p256: SigningKey
    let rsa: SigningKey
    let trustStore: TrustStore
    let verifier: TokenVerifier
    let loadWarnings: [String]

    var jwksPath: String { directory.path + "/jwks.json" }

    init(extraKeys: [PublicJWK] = []) throws {
        directory = try TemporaryDirectory()
        ed25519 = try SigningKey.generate(.edDSA, keyID: "ed-1")
        p256 = try SigningKey.generate(.es256, keyID: "es-1")
        rsa = try SigningKey.generate(.rs256, keyID: "rs-1")
        try Self.writeJWKS([ed25519.publicJWK, p256.publicJWK, rsa.publicJWK] + extraKeys, to: directory.path + "/jwks.json")
        (trustStore, loadWarnings) = try TrustStore.load(issuers: [TrustedIssuer(issuer: Self.issuer, jwksPath: directory.path + "/jwks.json")])
        verifier = TokenVerifier(trustStore: trustStore)
    }

    static func writeJWKS(_ keys: [PublicJWK], to path: String) throws {
        try JWKSetFile(keys: keys).write(toFile: path)
    }

    /// Claims that pass every check, for `sub` 001099012345, valid for 10 minutes.
    static func claims(issuer: String = issuer, now: Date = Date()) -> TokenClaims {
        TokenClaims(
            issuer: issuer, subject: "001099012345", audiences: ["https://portal.test"], issuedAt: now,
            expiresAt: now.addingTimeInterval(600), assuranceLevel: 2, tokenID: UUID().uuidString
        )
    }

    /// A token over exactly these header and payload texts, signed by `key`.
    static func raw(header: String, payload: String, key: SigningKey) throws -> String {
        try TokenMinter.sign(header: header, payload: payload, key: key)
    }
}
