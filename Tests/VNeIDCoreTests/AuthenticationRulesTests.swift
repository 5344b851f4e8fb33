import Foundation
import Testing
import VNeIDCore

@Suite("Authentication rules: time, audience, assurance, account standing")
struct AuthenticationRulesTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let service = RegisteredService(
        name: ServiceName(trusted: "border-portal"), audience: "https://portal.test", minimumLevel: .level2,
        replayProtection: false, createdAt: now, updatedAt: now
    )
    static let citizen = AccountID(trusted: "001099012345", kind: .citizen)
    static let organization = AccountID(trusted: "0101234567", kind: .organization)

    static func token(exp: TimeInterval = 600, nbf: TimeInterval? = nil, iat: TimeInterval? = 0, aud: [String] = ["https://portal.test"], loa: AssuranceLevel? = .level2, org: AccountID? = nil) -> VerifiedToken {
        VerifiedToken(
            issuer: "https://id.test", subject: citizen, audiences: aud, expiresAt: now.addingTimeInterval(exp),
            notBefore: nbf.map { now.addingTimeInterval($0) }, issuedAt: iat.map { now.addingTimeInterval($0) },
            assuranceLevel: loa, organizationID: org, algorithm: "EdDSA", keyID: "k"
        )
    }

    static func check(_ token: VerifiedToken) -> DenyReason? {
        AuthenticationRules.checkClaims(token, for: service, at: now, clockSkew: 60)?.reason
    }

    @Test("exp: valid until exactly exp + skew, expired from that instant")
    func expiryBoundary() {
        #expect(Self.check(Self.token(exp: -60)) == .expired)
        #expect(Self.check(Self.token(exp: -59.999)) == nil)
        #expect(Self.check(Self.token(exp: -61)) == .expired)
        #expect(Self.check(Self.token(exp: 0)) == nil)
    }

    @Test("nbf and iat: valid from exactly nbf - skew")
    func notBeforeBoundary() {
        #expect(Self.check(Self.token(nbf: 60)) == nil)
        #expect(Self.check(Self.token(nbf: 60.001)) == .notYetValid)
        #expect(Self.check(Self.token(iat: 61)) == .notYetValid)
        #expect(Self.check(Self.token(iat: nil)) == nil)
    }

    @Test("a one-time token may be valid for at most the lifetime limit plus the skew; other services take any lifetime")
    func oneTimeTokenLifetime() {
        var oneTime = Self.service
        oneTime.replayProtection = true
        func check(_ exp: TimeInterval, _ service: RegisteredService) -> DenyReason? {
            AuthenticationRules.checkClaims(Self.token(exp: exp), for: service, at: Self.now, clockSkew: 60, oneTimeTokenLifetime: 300)?.reason
        }
        #expect(check(360, oneTime) == nil)
        #expect(check(360.001, oneTime) == .malformedToken)
        #expect(check(86_400 * 365, oneTime) == .malformedToken)
        #expect(check(86_400 * 365, Self.service) == nil)
    }

    @Test("aud must contain the service's audience; loa must reach its minimum (absent counts as 1)")
    func audienceAndAssurance() {
        #expect(Self.check(Self.token(aud: ["https://other.test", "https://portal.test"])) == nil)
        #expect(Self.check(Self.token(aud: ["https://other.test"])) == .wrongAudience)
        #expect(Self.check(Self.token(aud: [])) == .wrongAudience)
        #expect(Self.check(Self.token(loa: .level1)) == .insufficientAssurance)
        #expect(Self.check(Self.token(loa: nil)) == .insufficientAssurance)
        // Order: an expired token with the wrong audience is expired.
        #expect(Self.check(Self.token(exp: -120, aud: [])) == .expired)
    }

    static func snapshot(_ id: AccountID, locked: LockReason? = nil, suspendedFor: String? = nil, managedBy: AccountID? = nil) -> AccountSnapshot {
        let record = AccountRecord(trustedID: id, displayName: "X", assuranceLevel: .level2, managingOrganizationID: managedBy)
        let locks = locked.map { [AccountStatus.Lock(reason: $0, since: now, orderID: "o1")] } ?? []
        let suspensions = suspendedFor.map { [AccountStatus.Suspension(service: $0, stationID: "st-1", since: now, orderID: "o2")] } ?? []
        return AccountSnapshot(
            account: Account(record: record, createdAt: now, updatedAt: now),
            status: AccountStatus(accountID: id, locks: locks, suspensions: suspensions, statusVersion: 3, updatedAt: now)
        )
    }

    static func standing(_ token: VerifiedToken, _ account: AccountSnapshot?, _ organization: AccountSnapshot? = nil) -> Denial? {
        AuthenticationRules.checkStanding(token, account: account, organization: organization, service: service.name)
    }

    @Test("the account must exist, not be locked, and not be suspended for this service")
    func accountStanding() {
        #expect(Self.standing(Self.token(), Self.snapshot(Self.citizen)) == nil)
        #expect(Self.standing(Self.token(), nil)?.reason == .unknownAccount)
        let locked = Self.standing(Self.token(), Self.snapshot(Self.citizen, locked: .deceased))
        #expect(locked?.reason == .accountLocked)
        #expect(locked?.lockReason == .deceased)
        #expect(Self.standing(Self.token(), Self.snapshot(Self.citizen, suspendedFor: "border-portal"))?.reason == .suspendedForService)
        #expect(Self.standing(Self.token(), Self.snapshot(Self.citizen, suspendedFor: "tax-portal")) == nil)
    }

    @Test("with an org claim, the organization must exist, be active, and manage the account")
    func organization() {
        let token = Self.token(org: Self.organization)
        let managed = Self.snapshot(Self.citizen, managedBy: Self.organization)
        #expect(Self.standing(token, managed, Self.snapshot(Self.organization)) == nil)
        #expect(Self.standing(token, managed, nil)?.reason == .organizationNotValid)
        #expect(Self.standing(token, managed, Self.snapshot(Self.organization, locked: .organizationDissolved))?.reason == .organizationNotValid)
        let other = AccountID(trusted: "0109999999", kind: .organization)
        #expect(Self.standing(token, Self.snapshot(Self.citizen, managedBy: other), Self.snapshot(Self.organization))?.reason == .organizationNotValid)
        // Account problems come first.
        #expect(Self.standing(token, Self.snapshot(Self.citizen, locked: .termsViolation), nil)?.reason == .accountLocked)
    }

    @Test("every reason has a distinct stable code")
    func codes() {
        #expect(Set(DenyReason.allCases.map(\.code)).count == DenyReason.allCases.count)
        for reason in DenyReason.allCases { #expect(DenyReason(code: reason.code) == reason) }
        #expect(DenyReason.allCases == DenyReason.allCases.sorted())
    }
}
