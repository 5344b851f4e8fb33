import Foundation
import Testing
import VNeIDClient
import VNeIDTestSupport
import VNeIDTokens

@Suite("Authenticate: the decision on a VNeID token, end to end")
struct AuthenticateTests {
    typealias Accounts = AuthenticationWorld.Accounts

    @Test("a valid token of each algorithm is allowed, with the subject and what the caller may cache")
    func allowsEachAlgorithm() async throws {
        let world = try await AuthenticationWorld()
        for key in [world.ed25519, world.p256, world.rsa] {
            let claims = AuthenticationWorld.claims(Accounts.driver, organization: Accounts.company)
            let result = try await world.authenticate(try world.mint(claims, key: key))
            #expect(result.isAllowed, "\(key.algorithm): \(result.detail)")
            #expect(result.accountID == Accounts.driver)
            #expect(result.displayName == "Nguyễn Văn An")
            #expect(result.kind == .citizen)
            #expect(result.accountLevel == .level2)
            #expect(result.loginLevel == .level2)
            #expect(result.organizationID == Accounts.company)
            #expect(result.statusVersion == 1)
            #expect(result.tokenID == claims.tokenID)
            #expect(abs((result.tokenExpiresAt ?? .distantPast).timeIntervalSince(claims.expiresAt)) < 1)
            #expect(result.reusableFor == .seconds(5))
        }
    }

    @Test("each deny reason, checked in order, through the real daemon")
    func denyReasons() async throws {
        let world = try await AuthenticationWorld()
        let stranger = try SigningKey.generate(.edDSA, keyID: "ed-9")
        let impostor = try SigningKey.generate(.edDSA, keyID: "ed-1")
        func claims(_ change: (inout TokenClaims) -> Void) -> TokenClaims {
            var claims = AuthenticationWorld.claims()
            change(&claims)
            return claims
        }
        let replayedToken = try world.mint()
        #expect(try await world.authenticate(replayedToken).isAllowed)

        let cases: [(DenyReason, String)] = [
            (.malformedToken, "not.a.jwt"),
            (.malformedToken, "x"),
            (.malformedToken, try world.mint(claims { $0.tokenID = String(repeating: "j", count: 100_000) })),
            (.malformedToken, try TokenMinter.sign(
                header: #"{"alg":"EdDSA","kid":"ed-1"}"#,
                payload: #"{"iss":"https://id.vneid.test","sub":"001099012347","sub":"001099012345","aud":"https://biencanhdientu.gov.vn","exp":9999999999,"loa":2,"jti":"dup"}"#,
                key: world.ed25519
            )),
            (.malformedToken, try world.mint(claims { $0.tokenID = nil })),  // border-portal takes one-time tokens only
            (.unsupportedAlgorithm, try TokenMinter.sign(header: #"{"alg":"none","kid":"ed-1"}"#, payload: #"{"iss":"x","sub":"001099012345","exp":9999999999}"#, key: world.ed25519)),
            (.unknownKey, try world.mint(key: stranger)),
            (.badSignature, try world.mint(key: impostor)),
            (.untrustedIssuer, try world.mint(claims { $0.issuer = "https://evil.test" })),
            (.expired, try world.mint(claims { $0.expiresAt = Date().addingTimeInterval(-120) })),
            (.notYetValid, try world.mint(claims { $0.notBefore = Date().addingTimeInterval(600) })),
            (.wrongAudience, try world.mint(claims { $0.audiences = [AuthenticationWorld.taxAudience] })),
            (.insufficientAssurance, try world.mint(claims { $0.assuranceLevel = 1 })),
            (.insufficientAssurance, try world.mint(claims { $0.assuranceLevel = nil })),
            (.replayed, replayedToken),
            (.unknownAccount, try world.mint(claims { $0.subject = Accounts.unregistered })),
            (.accountLocked, try world.mint(claims { $0.subject = Accounts.deceased })),
            (.suspendedForService, try world.mint(claims { $0.subject = Accounts.suspended })),
            (.organizationNotValid, try world.mint(claims { $0.subject = Accounts.dissolvedDriver; $0.organizationID = Accounts.dissolvedCompany })),
            (.organizationNotValid, try world.mint(claims { $0.organizationID = Accounts.otherCompany })),
            (.organizationNotValid, try world.mint(claims { $0.subject = Accounts.loner; $0.organizationID = Accounts.company })),
            (.organizationNotValid, try world.mint(claims { $0.organizationID = "0100000000" })),
            // Two problems: the first in the documented order wins.
            (.expired, try world.mint(claims { $0.expiresAt = Date().addingTimeInterval(-120); $0.subject = Accounts.deceased })),
        ]
        for (expected, token) in cases {
            let result = try await world.authenticate(token)
            #expect(result.denyReason == expected, "\(expected): got \(String(describing: result.denyReason)) \(result.detail)")
            #expect(!result.detail.isEmpty)
        }
        let locked = try await world.authenticate(try world.mint(claims { $0.subject = Accounts.deceased }))
        #expect(locked.lockReason == .deceased)
        #expect(locked.statusVersion == 2)

        // The suspension is for border-portal only: the tax portal lets the person in.
        var taxClaims = AuthenticationWorld.claims(Accounts.suspended, audience: AuthenticationWorld.taxAudience)
        taxClaims.assuranceLevel = nil
        #expect(try await world.authenticate(try world.mint(taxClaims), service: "tax-portal", apiKey: world.taxKey).isAllowed)
        // Reusable tokens are fine where replay protection is off.
        let reusable = try world.mint(taxClaims)
        #expect(try await world.authenticate(reusable, service: "tax-portal", apiKey: world.taxKey).isAllowed)
        #expect(try await world.authenticate(reusable, service: "tax-portal", apiKey: world.taxKey).isAllowed)
    }

    @Test("bad requests are RPC errors: empty token, unknown service, a service the caller is not bound to, a wrong role")
    func requestErrors() async throws {
        let world = try await AuthenticationWorld()
        let token = try world.mint()
        let empty = await #expect(throws: VNeIDClientError.self) { try await world.authenticate("") }
        #expect(empty?.code == .invalidArgument)
        let unknown = await #expect(throws: VNeIDClientError.self) { try await world.authenticate(token, service: "nowhere") }
        #expect(unknown?.code == .notFound)
        let invalidName = await #expect(throws: VNeIDClientError.self) { try await world.authenticate(token, service: "Not A Name") }
        #expect(invalidName?.code == .invalidArgument)
        let unbound = await #expect(throws: VNeIDClientError.self) { try await world.authenticate(token, service: "tax-portal") }
        #expect(unbound?.code == .permissionDenied)
        #expect(unbound?.message.contains("border-portal") == true)
        let auditor = await #expect(throws: VNeIDClientError.self) { try await world.authenticate(token, apiKey: world.auditorKey) }
        #expect(auditor?.code == .permissionDenied)
        let nobody = await #expect(throws: VNeIDClientError.self) {
            try await world.daemon.withClient(apiKey: nil) { try await $0.authenticate(token: token, service: "border-portal") }
        }
        #expect(nobody?.code == .unauthenticated)
        // None of these spent the one-time token.
        #expect(try await world.authenticate(token).isAllowed)
    }

    @Test("every decision is in the history, newest first and paged, and survives a restart with the spent tokens")
    func historyAndRestart() async throws {
        let world = try await AuthenticationWorld()
        var tokenIDs: [String] = []
        for index in 0..<7 {
            var claims = AuthenticationWorld.claims()
            if index == 3 { claims.audiences = ["urn:other"] }
            tokenIDs.append(claims.tokenID!)
            _ = try await world.authenticate(try world.mint(claims))
        }
        let spent = try world.mint()
        #expect(try await world.authenticate(spent).isAllowed)
        tokenIDs.append("")
        // Unverified tokens are recorded, but attributed to no account.
        _ = try await world.authenticate(try world.mint(key: SigningKey.generate(.edDSA, keyID: "ed-1")))

        try await world.daemon.stop()
        try await world.daemon.restart()
        #expect(try await world.authenticate(spent).denyReason == .replayed, "a restart must not forget spent one-time tokens")

        let first = try await world.daemon.withClient(apiKey: world.auditorKey) { try await $0.authenticationHistory(accountID: Accounts.driver, pageSize: 5) }
        #expect(first.records.count == 5)
        #expect(first.records[0].outcome == .denied(.replayed))
        #expect(first.records[1].outcome == .allowed)
        #expect(first.records.map(\.sequence) == first.records.map(\.sequence).sorted(by: >))
        let second = try await world.daemon.withClient(apiKey: world.auditorKey) {
            try await $0.authenticationHistory(accountID: Accounts.driver, pageSize: 5, pageToken: first.nextPageToken)
        }
        #expect(second.records.count == 4)
        #expect(second.nextPageToken == nil)
        let all = first.records + second.records
        #expect(all.last?.tokenID == tokenIDs[0])
        #expect(all.contains { $0.outcome == .denied(.wrongAudience) && $0.tokenID == tokenIDs[3] })
        #expect(all.allSatisfy { $0.service.rawValue == "border-portal" && $0.issuer == AuthenticationWorld.issuer })

        let cli = try await world.daemon.cli(["history", Accounts.driver, "--limit", "3"], apiKey: world.auditorKey)
        #expect(cli.status == 0, "\(cli.stderr)")
        #expect(cli.stdout.contains("REPLAYED"))
        #expect(cli.stdout.contains("--page-token"))
        let everything = try await world.daemon.cli(["history", Accounts.driver, "--limit", "4", "--all", "--json"], apiKey: world.auditorKey)
        #expect(everything.status == 0, "\(everything.stderr)")
        let pages = try JSONSerialization.jsonObject(with: Data(everything.stdout.utf8)) as? [String: Any]
        #expect((pages?["records"] as? [Any])?.count == all.count)
        #expect(pages?["next_page_token"] == nil)
        let unknown = try await world.daemon.cli(["history", Accounts.unregistered], apiKey: world.auditorKey)
        #expect(unknown.status == 3)
        let badToken = try await world.daemon.cli(["history", Accounts.driver, "--page-token", "abc"], apiKey: world.auditorKey)
        #expect(badToken.status == 2)
    }

    @Test("one-time tokens: two concurrent presentations, one is allowed")
    func concurrentReplay() async throws {
        let world = try await AuthenticationWorld()
        let token = try world.mint()
        let results = try await withThrowingTaskGroup(of: AuthenticationResult.self) { group in
            for _ in 0..<8 { group.addTask { try await world.authenticate(token) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.filter(\.isAllowed).count == 1)
        #expect(results.filter { $0.denyReason == .replayed }.count == 7)
    }

    @Test("a JWKS rotated on disk while calls run: no call fails, new keys work, removed keys stop working")
    func rotationUnderLoad() async throws {
        let world = try await AuthenticationWorld()
        let next = try SigningKey.generate(.es256, keyID: "es-2")
        let stop = ManagedFlag()
        // One connection, as a relying service keeps, so the load is steady however busy the machine.
        let load = Task {
            try await world.daemon.withClient(apiKey: world.taxKey) { client in
                var errors: [String] = []
                var calls = 0
                while !stop.isSet {
                    do {
                        var claims = AuthenticationWorld.claims(Accounts.loner, audience: AuthenticationWorld.taxAudience)
                        claims.assuranceLevel = 1
                        let result = try await client.authenticate(token: try world.mint(claims), service: "tax-portal")
                        if result.denyReason != nil && result.denyReason != .unknownKey { errors.append(result.detail) }
                    } catch {
                        errors.append("\(error)")
                    }
                    calls += 1
                }
                return (calls, errors)
            }
        }
        var claims = AuthenticationWorld.claims(Accounts.loner, audience: AuthenticationWorld.taxAudience)
        claims.assuranceLevel = 1
        let withNext = try world.mint(claims, key: next)
        #expect(try await world.authenticate(withNext, service: "tax-portal", apiKey: world.taxKey).denyReason == .unknownKey)

        // Add the new key and signal: it is trusted at once.
        try AuthenticationWorld.writeJWKS([world.ed25519, world.p256, world.rsa, next], to: world.jwksPath)
        world.daemon.process.signal(SIGHUP)
        try await eventually { try await world.authenticate(try world.mint(claims, key: next), service: "tax-portal", apiKey: world.taxKey).isAllowed }

        // A broken file is refused with a log line; the keys stay.
        try "{ not json".write(toFile: world.jwksPath, atomically: true, encoding: .utf8)
        try await eventually { world.daemon.stderr.contains("JWKS reload (file change) refused") }
        #expect(try await world.authenticate(try world.mint(claims, key: next), service: "tax-portal", apiKey: world.taxKey).isAllowed)

        // Remove the Ed25519 key without a signal: the file watcher picks it up.
        try AuthenticationWorld.writeJWKS([world.p256, world.rsa, next], to: world.jwksPath)
        try await eventually { try await world.authenticate(try world.mint(claims), service: "tax-portal", apiKey: world.taxKey).denyReason == .unknownKey }
        #expect(try await world.authenticate(try world.mint(claims, key: world.rsa), service: "tax-portal", apiKey: world.taxKey).isAllowed)

        stop.set()
        let (calls, errors) = try await load.value
        #expect(calls > 10)
        #expect(errors.isEmpty, "\(errors.prefix(3))")
    }
}

/// Polls `condition` until it holds, for up to 10 seconds.
func eventually(_ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + .seconds(10)
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(100))
    }
    Issue.record("the condition did not hold within 10 seconds")
}

/// A flag one task sets and another reads.
final class ManagedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}
