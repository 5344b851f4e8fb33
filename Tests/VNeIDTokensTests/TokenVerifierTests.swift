import Crypto
import Foundation
import Testing
import VNeIDCore
@testable import VNeIDTokens

@Suite("Token verification: form, algorithm, key, signature, issuer")
struct TokenVerifierTests {
    let fixture: TrustFixture

    init() throws {
        fixture = try TrustFixture()
    }

    private func reason(_ token: String) -> DenyReason? {
        if case .failure(let denial) = fixture.verifier.verify(token) { return denial.reason }
        return nil
    }

    private func detail(_ token: String) -> String {
        if case .failure(let denial) = fixture.verifier.verify(token) { return denial.detail }
        return "verified"
    }

    @Test("a token of each accepted algorithm verifies, with its claims", arguments: [JWSAlgorithm.edDSA, .es256, .rs256])
    func acceptsEachAlgorithm(_ algorithm: JWSAlgorithm) throws {
        let key = [fixture.ed25519, fixture.p256, fixture.rsa].first { $0.algorithm == algorithm }!
        var claims = TrustFixture.claims()
        claims.organizationID = "0101234567"
        let token = try TokenMinter.mint(claims, key: key)
        let verified = try fixture.verifier.verify(token).get()
        #expect(verified.issuer == TrustFixture.issuer)
        #expect(verified.subject.rawValue == "001099012345")
        #expect(verified.audiences == ["https://portal.test"])
        #expect(verified.assuranceLevel == .level2)
        #expect(verified.organizationID?.rawValue == "0101234567")
        #expect(verified.tokenID == claims.tokenID)
        #expect(verified.algorithm == algorithm.rawValue)
        #expect(verified.keyID == key.keyID)
        // Verified twice: the second answer comes from the cache and is the same.
        #expect(try fixture.verifier.verify(token).get() == verified)
    }

    @Test("alg none, HS256 and other algorithms are refused before any key is used")
    func refusesOtherAlgorithms() throws {
        let payload = JSONValue.object(["iss": .string(TrustFixture.issuer), "sub": .string("001099012345"), "exp": .number(Date().timeIntervalSince1970 + 600)]).serialized
        let encodedPayload = TokenMinter.base64URL(Array(payload.utf8))
        let none = TokenMinter.base64URL(Array(#"{"alg":"none","kid":"ed-1"}"#.utf8)) + "." + encodedPayload + "."
        #expect(reason(none) == .unsupportedAlgorithm)

        // The classic confusion: HMAC keyed with the bytes of the issuer's public key.
        for (kid, secret) in [("ed-1", Array(Base64URLTestHelper.decode(fixture.ed25519.publicJWK.x!))), ("rs-1", Array(fixture.rsa.publicJWK.n!.utf8))] {
            let signingInput = TokenMinter.base64URL(Array(#"{"alg":"HS256","kid":"\#(kid)"}"#.utf8)) + "." + encodedPayload
            let mac = HMAC<SHA256>.authenticationCode(for: Array(signingInput.utf8), using: SymmetricKey(data: secret))
            #expect(reason(signingInput + "." + TokenMinter.base64URL(Array(mac))) == .unsupportedAlgorithm)
        }
        for alg in ["RS512", "ES384", "PS256", "ed25519", ""] {
            let token = try TrustFixture.raw(header: #"{"alg":"\#(alg)","kid":"ed-1"}"#, payload: payload, key: fixture.ed25519)
            #expect(reason(token) == .unsupportedAlgorithm, "alg \(alg)")
        }
    }

    @Test("a kid that no issuer has, or no kid at all, is an unknown key")
    func unknownKey() throws {
        let stranger = try SigningKey.generate(.edDSA, keyID: "ed-9")
        #expect(reason(try TokenMinter.mint(TrustFixture.claims(), key: stranger)) == .unknownKey)
        let noKid = try TrustFixture.raw(header: #"{"alg":"EdDSA"}"#, payload: TrustFixture.claims().jsonText, key: fixture.ed25519)
        #expect(reason(noKid) == .unknownKey)
    }

    @Test("alg must match the type of the key kid names: no algorithm confusion")
    func algorithmMustMatchKey() throws {
        // Signed with a P-256 key, claiming ES256, but naming the Ed25519 key.
        let confused = try TrustFixture.raw(header: #"{"alg":"ES256","kid":"ed-1"}"#, payload: TrustFixture.claims().jsonText, key: fixture.p256)
        #expect(reason(confused) == .unknownKey)
        #expect(detail(confused).contains("cannot verify alg ES256"))
        let rsaAsEd = try TrustFixture.raw(header: #"{"alg":"EdDSA","kid":"rs-1"}"#, payload: TrustFixture.claims().jsonText, key: fixture.ed25519)
        #expect(reason(rsaAsEd) == .unknownKey)
    }

    @Test("a key on another curve is skipped at load, so a token naming it finds no key")
    func wrongCurve() throws {
        let p384 = P384.Signing.PrivateKey().publicKey.rawRepresentation
        let jwk = PublicJWK(
            kty: "EC", kid: "p384", alg: nil, crv: "P-384",
            x: TokenMinter.base64URL(p384.prefix(48)), y: TokenMinter.base64URL(p384.suffix(48))
        )
        // A P-256 JWK whose point is not on the curve.
        let offCurve = PublicJWK(kty: "EC", kid: "bad-point", alg: "ES256", crv: "P-256", x: TokenMinter.base64URL([UInt8](repeating: 1, count: 32)), y: TokenMinter.base64URL([UInt8](repeating: 2, count: 32)))
        let fixture = try TrustFixture(extraKeys: [jwk, offCurve])
        #expect(fixture.loadWarnings.contains { $0.contains("'p384'") && $0.contains("P-384") })
        #expect(fixture.loadWarnings.contains { $0.contains("'bad-point'") })
        let signer = try SigningKey(pemRepresentation: P256.Signing.PrivateKey().pemRepresentation, keyID: "p384")
        if case .failure(let denial) = fixture.verifier.verify(try TokenMinter.mint(TrustFixture.claims(), key: signer)) {
            #expect(denial.reason == .unknownKey)
        } else {
            Issue.record("a token naming a skipped key verified")
        }
    }

    @Test("a signature by another key, or over other content, is a bad signature")
    func badSignature() throws {
        let impostor = try SigningKey.generate(.edDSA, keyID: "ed-1")
        #expect(reason(try TokenMinter.mint(TrustFixture.claims(), key: impostor)) == .badSignature)
        let impostorES = try SigningKey.generate(.es256, keyID: "es-1")
        #expect(reason(try TokenMinter.mint(TrustFixture.claims(), key: impostorES)) == .badSignature)
        let impostorRS = try SigningKey.generate(.rs256, keyID: "rs-1")
        #expect(reason(try TokenMinter.mint(TrustFixture.claims(), key: impostorRS)) == .badSignature)

        let genuine = try TokenMinter.mint(TrustFixture.claims(), key: fixture.ed25519).split(separator: ".")
        var other = TrustFixture.claims()
        other.subject = "001099099999"
        let otherPayload = try TokenMinter.mint(other, key: fixture.ed25519).split(separator: ".")[1]
        #expect(reason("\(genuine[0]).\(otherPayload).\(genuine[2])") == .badSignature)
        #expect(reason("\(genuine[0]).\(genuine[1]).") == .badSignature)
    }

    @Test("a trusted key with another issuer's iss is an untrusted issuer")
    func untrustedIssuer() throws {
        let token = try TokenMinter.mint(TrustFixture.claims(issuer: "https://evil.test"), key: fixture.ed25519)
        #expect(reason(token) == .untrustedIssuer)
    }

    @Test("tokens that are not well-formed are malformed", arguments: [
        "a",
        "",
        "a.b",
        "a.b.c.d",
        "!!!.e30.e30",
        "e30.e30.e30",
        "eyJhbGciOiJFZERTQSJ9.bm90IGpzb24.AAAA",
    ])
    func malformedShapes(_ token: String) {
        #expect(reason(token) == .malformedToken, "\(token): \(detail(token))")
    }

    @Test("a 100 KB token is refused by its size alone")
    func oversized() throws {
        var claims = TrustFixture.claims()
        claims.tokenID = String(repeating: "x", count: 100_000)
        let token = try TokenMinter.mint(claims, key: fixture.ed25519)
        #expect(token.utf8.count > 100_000)
        #expect(reason(token) == .malformedToken)
        #expect(detail(token).contains("at most 16384"))
    }

    @Test("claims that are not strict JSON, or of the wrong type, are malformed", arguments: [
        (#"{"iss":"https://id.vneid.test","sub":"001099012345","sub":"001099099999","exp":9999999999}"#, "more than once"),
        (#"{"iss":"https://id.vneid.test","sub":"001099012345","exp":9999999999"#, "not a valid JSON object"),
        (#"{"iss":"https://id.vneid.test","sub":"001099012345","exp":9999999999} x"#, "not a valid JSON object"),
        (#"["iss"]"#, "not a valid JSON object"),
        (#"{"iss":"https://id.vneid.test","sub":"001099012345"}"#, "no exp"),
        (#"{"iss":"https://id.vneid.test","sub":"001099012345","exp":"9999999999"}"#, "exp must be a number"),
        (#"{"iss":"https://id.vneid.test","sub":"12345","exp":9999999999}"#, "sub is not a valid account id"),
        (#"{"sub":"001099012345","exp":9999999999}"#, "no iss"),
        (#"{"iss":"https://id.vneid.test","sub":"001099012345","exp":9999999999,"loa":3}"#, "loa must be"),
        (#"{"iss":"https://id.vneid.test","sub":"001099012345","exp":9999999999,"aud":[1]}"#, "aud must be"),
        (#"{"iss":"https://id.vneid.test","sub":"001099012345","exp":9999999999,"org":"001099012346"}"#, "citizen"),
        (#"{"iss":"https://id.vneid.test","sub":"001099012345","exp":9999999999,"jti":""}"#, "jti"),
        (#"{"iss":"https://id.vneid.test","sub":"001099012345","exp":9999999999,"jti":"a\u0000b"}"#, "jti holds U+0000 (NUL)"),
        (#"{"iss":"https://id.vneid.test\u202E","sub":"001099012345","exp":9999999999}"#, "text-direction"),
        (#"{"iss":"https://id.vneid.test","sub":"001099012345","exp":1e300}"#, "out of range"),
        (#"{"iss":"https://id.vneid.test","sub":"001099012345","exp":9999999999,"nbf":-1}"#, "out of range"),
    ])
    func malformedClaims(_ payload: String, _ expected: String) throws {
        let token = try TrustFixture.raw(header: #"{"alg":"EdDSA","kid":"ed-1"}"#, payload: payload, key: fixture.ed25519)
        #expect(reason(token) == .malformedToken)
        #expect(detail(token).contains(expected), "\(detail(token))")
    }

    @Test("a header with repeated members, critical extensions, another typ or a content type (a nested token) is malformed", arguments: [
        #"{"alg":"EdDSA","kid":"ed-1","kid":"es-1"}"#,
        #"{"alg":"EdDSA","kid":"ed-1","crit":["exp"]}"#,
        #"{"alg":"EdDSA","kid":"ed-1","typ":"JWT","cty":"JWT"}"#,
        #"{"alg":"EdDSA","kid":"ed-1","typ":"JWE"}"#,
        #"{"kid":"ed-1"}"#,
    ])
    func malformedHeaders(_ header: String) throws {
        let token = try TrustFixture.raw(header: header, payload: TrustFixture.claims().jsonText, key: fixture.ed25519)
        #expect(reason(token) == .malformedToken)
    }

    @Test("base64url must be canonical: no padding, no stray bits")
    func canonicalBase64() throws {
        let token = try TokenMinter.mint(TrustFixture.claims(), key: fixture.ed25519)
        let parts = token.split(separator: ".").map(String.init)
        #expect(reason(parts[0] + "=." + parts[1] + "." + parts[2]) == .malformedToken)
        #expect(Base64URL.decode("QQ") == [0x41])
        #expect(Base64URL.decode("QR") == nil)
        #expect(Base64URL.decode("QQ==") == nil)
        #expect(Base64URL.decode("Q+8") == nil)
    }

    @Test("the first failing check decides: a malformed claim beats a bad signature")
    func order() throws {
        let impostor = try SigningKey.generate(.edDSA, keyID: "ed-1")
        let token = try TrustFixture.raw(header: #"{"alg":"EdDSA","kid":"ed-1"}"#, payload: #"{"iss":"x","sub":"001099012345"}"#, key: impostor)
        #expect(reason(token) == .malformedToken)
        let unknownAndBadAlg = try TrustFixture.raw(header: #"{"alg":"HS256","kid":"nope"}"#, payload: TrustFixture.claims().jsonText, key: impostor)
        #expect(reason(unknownAndBadAlg) == .unsupportedAlgorithm)
    }
}

extension TokenClaims {
    var jsonText: String { json.serialized }
}

enum Base64URLTestHelper {
    static func decode(_ text: String) -> [UInt8] { Base64URL.decode(text) ?? [] }
}
