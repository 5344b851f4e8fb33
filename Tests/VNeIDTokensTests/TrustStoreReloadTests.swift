import Foundation
import Testing
import VNeIDCore
import VNeIDTestSupport
@testable import VNeIDTokens

@Suite("Trust store reloads")
struct TrustStoreReloadTests {
    @Test("a rotated JWKS takes effect on reload, and forgets tokens verified with a removed key")
    func rotation() throws {
        let fixture = try TrustFixture()
        let old = try TokenMinter.mint(TrustFixture.claims(), key: fixture.ed25519)
        #expect((try? fixture.verifier.verify(old).get()) != nil)

        let next = try SigningKey.generate(.edDSA, keyID: "ed-2")
        let fresh = try TokenMinter.mint(TrustFixture.claims(), key: next)
        #expect(fixture.trustStore.reload(onlyChanged: true).reloaded.isEmpty, "nothing changed yet")
        try TrustFixture.writeJWKS([next.publicJWK, fixture.p256.publicJWK], to: fixture.jwksPath)
        let report = fixture.trustStore.reload(onlyChanged: true)
        #expect(report.failures.isEmpty)
        #expect(report.reloaded.first?.keyIDs == ["ed-2", "es-1"])
        #expect((try? fixture.verifier.verify(fresh).get()) != nil)
        guard case .failure(let denial) = fixture.verifier.verify(old) else {
            Issue.record("a token of a removed key still verifies (from the cache?)")
            return
        }
        #expect(denial.reason == .unknownKey)
    }

    @Test("a broken JWKS is refused and the previous keys stay in force", arguments: [
        "not json", #"{"keys": "x"}"#, #"{"keys": []}"#, #"{"keys": [{"kty":"OKP","crv":"Ed25519","kid":"a","x":"AAAA"}]}"#,
    ])
    func brokenFile(_ contents: String) throws {
        let fixture = try TrustFixture()
        let token = try TokenMinter.mint(TrustFixture.claims(), key: fixture.ed25519)
        try contents.write(toFile: fixture.jwksPath, atomically: true, encoding: .utf8)
        let report = fixture.trustStore.reload(onlyChanged: false)
        #expect(report.failures.count == 1)
        #expect(report.failures.first?.contains("previous keys") == true)
        #expect((try? fixture.verifier.verify(token).get()) != nil)
        // Reported once, not on every poll.
        #expect(fixture.trustStore.reload(onlyChanged: true).failures.isEmpty)
    }

    @Test("a JWKS repeating a kid, or holding private material, is refused at start")
    func refusedAtStart() throws {
        let fixture = try TrustFixture()
        try TrustFixture.writeJWKS([fixture.ed25519.publicJWK, fixture.ed25519.publicJWK], to: fixture.jwksPath)
        #expect(throws: TrustStoreError.self) { try TrustStore.load(issuers: [TrustedIssuer(issuer: "i", jwksPath: fixture.jwksPath)]) }
        var withPrivate = fixture.ed25519.publicJWK
        withPrivate.d = "AAAA"
        try TrustFixture.writeJWKS([withPrivate], to: fixture.jwksPath)
        #expect(throws: TrustStoreError.self) { try TrustStore.load(issuers: [TrustedIssuer(issuer: "i", jwksPath: fixture.jwksPath)]) }
        #expect(throws: TrustStoreError.self) { try TrustStore.load(issuers: [TrustedIssuer(issuer: "i", jwksPath: fixture.directory.path + "/missing.json")]) }
    }

    @Test("an RSA key under 2048 bits is skipped with a warning")
    func shortRSA() throws {
        var modulus = (0..<128).map { _ in UInt8.random(in: 0...255) }
        modulus[0] |= 0x80
        modulus[127] |= 1
        let short = PublicJWK(kty: "RSA", kid: "rs-1024", alg: "RS256", n: TokenMinter.base64URL(modulus), e: "AQAB")
        let fixture = try TrustFixture(extraKeys: [short])
        #expect(fixture.loadWarnings.contains { $0.contains("rs-1024") && $0.contains("2048") })
    }
}
