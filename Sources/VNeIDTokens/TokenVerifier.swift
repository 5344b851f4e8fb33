import Foundation
import VNeIDCore

/// Verifies a VNeID token's form, algorithm, key, signature and issuer: the checks that
/// depend only on the token and the trust store, in `DenyReason` order.
///
/// Time, audience, assurance, replay and account checks follow, per call, elsewhere
/// (`AuthenticationRules`), because they depend on the moment and the service.
public struct TokenVerifier: Sendable {
    /// The longest token accepted, in bytes. Real VNeID tokens are well under 2 KB.
    public static let maximumTokenLength = 16 * 1024
    /// The longest `jti` accepted.
    public static let maximumTokenIDLength = 256

    private let trustStore: TrustStore
    private let cache: VerifiedTokenCache

    /// Creates a verifier over `trustStore`, remembering up to `cacheCapacity` verified
    /// tokens.
    public init(trustStore: TrustStore, cacheCapacity: Int = 100_000) {
        self.trustStore = trustStore
        self.cache = VerifiedTokenCache(capacity: cacheCapacity)
    }

    /// The token's verified claims, or the first reason to deny it.
    ///
    /// - Parameter remember: whether to keep the verified token for its next presentation.
    ///   Pass `false` for one-time tokens, which are never validly presented again.
    public func verify(_ token: String, remember: Bool = true) -> Result<VerifiedToken, Denial> {
        let snapshot = trustStore.snapshot
        if let cached = cache.lookup(token, generation: snapshot.generation) { return .success(cached) }
        do {
            let verified = try verify(token, with: snapshot)
            if remember { cache.store(verified, for: token, generation: snapshot.generation) }
            return .success(verified)
        } catch {
            return .failure(error)
        }
    }

    private func verify(_ token: String, with snapshot: TrustStore.Snapshot) throws(Denial) -> VerifiedToken {
        let parsed = try ParsedToken(token)
        guard let algorithm = JWSAlgorithm(rawValue: parsed.algorithm) else {
            throw Denial(.unsupportedAlgorithm, "alg '\(parsed.algorithm)' is not accepted; tokens must be signed with EdDSA, ES256 or RS256")
        }
        guard let keyID = parsed.keyID else {
            throw Denial(.unknownKey, "the token header has no kid, so no trusted key can be chosen")
        }
        guard let key = snapshot.key(id: keyID, claimedIssuer: parsed.claims.issuer) else {
            throw Denial(.unknownKey, "no trusted issuer has a key with kid '\(keyID)'")
        }
        guard key.algorithm == algorithm else {
            throw Denial(.unknownKey, "kid '\(keyID)' names \(key.algorithm.keyDescription), which cannot verify alg \(algorithm.rawValue)")
        }
        guard key.isValidSignature(parsed.signature, for: parsed.signingInput) else {
            throw Denial(.badSignature, "the \(algorithm.rawValue) signature does not verify with key '\(keyID)' of \(key.issuer)")
        }
        guard parsed.claims.issuer == key.issuer else {
            throw Denial(.untrustedIssuer, "iss '\(parsed.claims.issuer)' is not the issuer of key '\(keyID)' (\(key.issuer))")
        }
        let claims = parsed.claims
        return VerifiedToken(
            issuer: claims.issuer, subject: claims.subject, audiences: claims.audiences,
            expiresAt: claims.expiresAt, notBefore: claims.notBefore, issuedAt: claims.issuedAt,
            assuranceLevel: claims.assuranceLevel, organizationID: claims.organizationID,
            tokenID: claims.tokenID, algorithm: algorithm.rawValue, keyID: keyID
        )
    }
}

/// A JWS compact token split and decoded, with its claims read and type-checked but
/// nothing verified yet. Every failure here is `malformedToken`.
struct ParsedToken {
    struct Claims {
        var issuer: String
        var subject: AccountID
        var audiences: [String]
        var expiresAt: Date
        var notBefore: Date?
        var issuedAt: Date?
        var assuranceLevel: AssuranceLevel?
        var organizationID: AccountID?
        var tokenID: String?
    }

    /// 9999-12-31T23:59:59Z: later times cannot be stored or put on the wire.
    static let latestNumericDate: Double = 253_402_300_799

    let algorithm: String
    let keyID: String?
    let claims: Claims
    let signature: [UInt8]
    /// `header.payload`, the bytes the signature covers.
    let signingInput: Substring.UTF8View

    init(_ token: String) throws(Denial) {
        func malformed(_ detail: String) -> Denial { Denial(.malformedToken, detail) }
        let length = token.utf8.count
        guard length <= TokenVerifier.maximumTokenLength else {
            throw malformed("the token is \(length) bytes long; at most \(TokenVerifier.maximumTokenLength) are accepted")
        }
        let parts = token.utf8.split(separator: UInt8(ascii: "."), maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count == 3 else {
            throw malformed("a JWT has three base64url parts separated by '.'; this token has \(parts.count)")
        }
        guard let headerBytes = Base64URL.decode(parts[0]), !headerBytes.isEmpty else {
            throw malformed("the header is not base64url")
        }
        guard let payloadBytes = Base64URL.decode(parts[1]), !payloadBytes.isEmpty else {
            throw malformed("the payload is not base64url")
        }
        guard let signature = Base64URL.decode(parts[2]) else {
            throw malformed("the signature is not base64url")
        }
        let header: [String: JSONValue]
        do { header = try StrictJSONParser.parseObject(headerBytes) } catch {
            throw malformed("the header is not a valid JSON object: \(error)")
        }
        let payload: [String: JSONValue]
        do { payload = try StrictJSONParser.parseObject(payloadBytes) } catch {
            throw malformed("the claims are not a valid JSON object: \(error)")
        }
        guard case .string(let algorithm)? = header["alg"] else { throw malformed("the header has no alg string") }
        switch header["kid"] {
        case .string(let kid)?: keyID = kid
        case nil: keyID = nil
        default: throw malformed("kid must be a string")
        }
        if let type = header["typ"] {
            guard case .string(let text) = type, text.uppercased() == "JWT" else { throw malformed("typ must be JWT") }
        }
        // A content type says the payload is something else than a claims set, such as a
        // nested token (cty: JWT); this verifier processes claims sets only (RFC 8725, 3.11).
        guard header["cty"] == nil else {
            throw malformed("the header declares a content type (cty); only a plain claims set is accepted, not a nested token")
        }
        guard header["crit"] == nil else {
            throw malformed("the header lists critical extensions (crit), which are not supported")
        }
        self.algorithm = algorithm
        self.claims = try Self.readClaims(payload)
        self.signature = signature
        let headerAndPayloadEnd = parts[1].endIndex
        self.signingInput = token[token.startIndex..<headerAndPayloadEnd].utf8
    }

    private static func readClaims(_ payload: [String: JSONValue]) throws(Denial) -> Claims {
        func malformed(_ detail: String) -> Denial { Denial(.malformedToken, detail) }
        func string(_ name: String) throws(Denial) -> String? {
            switch payload[name] {
            case nil: return nil
            case .string(let value)?:
                // Stored, compared and logged exactly as received, so no NUL or control
                // character: SQLite would cut a jti at a NUL and forget it was spent.
                if let problem = OutsideText.problem(in: value, allowingLineBreaks: false) {
                    throw malformed("claim \(name) \(problem)")
                }
                return value
            default: throw malformed("claim \(name) must be a string")
            }
        }
        func date(_ name: String) throws(Denial) -> Date? {
            switch payload[name] {
            case nil: return nil
            case .number(let seconds)? where (0...ParsedToken.latestNumericDate).contains(seconds):
                return Date(timeIntervalSince1970: seconds)
            case .number?: throw malformed("claim \(name) is out of range: give seconds since 1970 up to the year 9999")
            default: throw malformed("claim \(name) must be a number of seconds since 1970 (NumericDate)")
            }
        }
        guard let issuer = try string("iss"), !issuer.isEmpty else { throw malformed("the token has no iss claim") }
        guard let subjectText = try string("sub") else { throw malformed("the token has no sub claim") }
        let subject: AccountID
        do { subject = try AccountID(validating: subjectText) } catch {
            throw malformed("sub is not a valid account id: \(error.message)")
        }
        let audiences: [String]
        switch payload["aud"] {
        case nil: audiences = []
        case .string(let audience)?: audiences = [audience]
        case .array(let values)?:
            audiences = try values.map { value throws(Denial) in
                guard case .string(let audience) = value else { throw malformed("claim aud must be a string or an array of strings") }
                return audience
            }
        default: throw malformed("claim aud must be a string or an array of strings")
        }
        guard let expiresAt = try date("exp") else { throw malformed("the token has no exp claim; tokens without an expiry are refused") }
        var assuranceLevel: AssuranceLevel?
        switch payload["loa"] {
        case nil: break
        case .number(let level)? where level == 1 || level == 2: assuranceLevel = AssuranceLevel(rawValue: Int(level))
        default: throw malformed("claim loa must be the number 1 or 2")
        }
        var organizationID: AccountID?
        if let organization = try string("org") {
            do { organizationID = try AccountID(validating: organization) } catch {
                throw malformed("org is not a valid account id: \(error.message)")
            }
            guard organizationID?.kind == .organization else {
                throw malformed("org '\(organization)' is a citizen's id, not an organization's")
            }
        }
        let tokenID = try string("jti")
        if let tokenID, tokenID.isEmpty || tokenID.utf8.count > TokenVerifier.maximumTokenIDLength {
            throw malformed("claim jti must have 1 to \(TokenVerifier.maximumTokenIDLength) bytes")
        }
        return Claims(
            issuer: issuer, subject: subject, audiences: audiences, expiresAt: expiresAt,
            notBefore: try date("nbf"), issuedAt: try date("iat"), assuranceLevel: assuranceLevel,
            organizationID: organizationID, tokenID: tokenID
        )
    }
}
