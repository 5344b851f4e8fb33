import Foundation
import Testing
import VNeIDClient
import VNeIDTestSupport

@Suite("vneidctl: services, token keygen and mint, authenticate, the development issuer")
struct AuthenticationCLITests {
    @Test("services add, list, show, update and remove, with the errors people hit")
    func services() async throws {
        let daemon = try await TestDaemon()
        let admin = try daemon.adminKey
        let added = try await daemon.cli(["services", "add", "border-portal", "--audience", "https://biencanhdientu.gov.vn", "--replay-protection"], apiKey: admin)
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout.contains("border-portal") && added.stdout.contains("yes"))
        let again = try await daemon.cli(["services", "add", "border-portal", "--audience", "x"], apiKey: admin)
        #expect(again.status == 5)
        #expect(again.stderr.contains("vneidctl services update"))
        let badLevel = try await daemon.cli(["services", "add", "tax", "--audience", "x", "--min-level", "3"], apiKey: admin)
        #expect(badLevel.status == 2)
        let badAudience = try await daemon.cli(["services", "add", "tax", "--audience", "has space"], apiKey: admin)
        #expect(badAudience.status == 2)

        let updated = try await daemon.cli(["services", "update", "border-portal", "--audience", "urn:new", "--min-level", "1", "--json"], apiKey: admin)
        #expect(updated.status == 0, "\(updated.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(updated.stdout.utf8)) as? [String: Any]
        #expect(json?["audience"] as? String == "urn:new")
        #expect(json?["minimum_level"] as? Int == 1)
        #expect(json?["replay_protection"] as? Bool == false)

        let listed = try await daemon.cli(["services", "list"], apiKey: admin)
        #expect(listed.stdout.contains("urn:new"))
        _ = try await daemon.createPrincipal("portal", roles: [.relyingService], services: ["border-portal"])
        let bound = try await daemon.cli(["services", "remove", "border-portal"], apiKey: admin)
        #expect(bound.status == 5)
        #expect(bound.stderr.contains("portal"))
        _ = try await daemon.cli(["principals", "revoke", "portal"], apiKey: admin)
        #expect(try await daemon.cli(["services", "remove", "border-portal"], apiKey: admin).status == 0)
        #expect(try await daemon.cli(["services", "show", "border-portal"], apiKey: admin).status == 3)
    }

    @Test("keygen, mint and authenticate from the command line, for each algorithm; exit 7 on DENY")
    func keygenMintAuthenticate() async throws {
        let keys = try TemporaryDirectory()
        let runner = try TemporaryDirectory()
        for (alg, kid) in [("EdDSA", "ed-1"), ("ES256", "es-1"), ("RS256", "rs-1")] {
            let made = try await ProcessRunner.run(Binaries.cli, ["token", "keygen", "--alg", alg, "--kid", kid, "--out", keys.path], in: runner)
            #expect(made.status == 0, "\(made.stderr)")
        }
        let again = try await ProcessRunner.run(Binaries.cli, ["token", "keygen", "--kid", "ed-1", "--out", keys.path], in: runner)
        #expect(again.status != 0)
        let attributes = try FileManager.default.attributesOfItem(atPath: keys.path + "/ed-1.key.pem")
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)

        let daemon = try await TestDaemon(arguments: ["--trust", "https://id.test=\(keys.path)/jwks.json"])
        let portal = try await daemon.createPrincipal("portal", roles: [.relyingService], services: ["border-portal"])
        let registry = try await daemon.createPrincipal("registry", roles: [.registry])
        try "id,kind,display_name,assurance_level,managing_organization_id\n001099012345,citizen,Nguyễn Văn An,2,\n".write(toFile: daemon.directory.path + "/a.csv", atomically: true, encoding: .utf8)
        #expect(try await daemon.cli(["accounts", "import", daemon.directory.path + "/a.csv"], apiKey: registry).status == 0)

        for kid in ["ed-1", "es-1", "rs-1"] {
            let minted = try await daemon.cli([
                "token", "mint", "--key", "\(keys.path)/\(kid).key.pem", "--iss", "https://id.test", "--sub", "001099012345",
                "--aud", "urn:test:border-portal", "--ttl", "10m", "--loa", "2", "--jti", "random",
            ])
            #expect(minted.status == 0, "\(minted.stderr)")
            let token = minted.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            let allowed = try await daemon.cli(["authenticate", "--service", "border-portal", token], apiKey: portal)
            #expect(allowed.status == 0, "\(kid): \(allowed.stdout)\(allowed.stderr)")
            #expect(allowed.stdout.hasPrefix("ALLOW"))
            #expect(allowed.stdout.contains("Nguyễn Văn An"))
        }
        // From standard input, as JSON.
        let expired = try await daemon.cli([
            "token", "mint", "--key", "\(keys.path)/ed-1.key.pem", "--iss", "https://id.test", "--sub", "001099012345",
            "--aud", "urn:test:border-portal", "--ttl=-5m",
        ])
        let denied = try await daemon.cli(["authenticate", "--service", "border-portal", "--json"], apiKey: portal, stdin: expired.stdout)
        #expect(denied.status == 7, "\(denied.stdout)\(denied.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(denied.stdout.utf8)) as? [String: Any]
        #expect(json?["decision"] as? String == "DENY")
        #expect(json?["deny_reason"] as? String == "EXPIRED")
        let unknownService = try await daemon.cli(["authenticate", "--service", "nowhere", "x.y.z"], apiKey: portal)
        #expect(unknownService.status == 3)
    }

    @Test("the development issuer: the README's three commands mint a token and authenticate it")
    func developmentIssuer() async throws {
        let daemon = try await TestDaemon(arguments: ["--dev-issuer"])
        #expect(daemon.stderr.contains("DEVELOPMENT token issuer is trusted"))
        let data = daemon.dataDirectory
        let minted = try await daemon.cli([
            "token", "mint", "--key", "\(data)/dev-issuer/dev-1.key.pem", "--iss", "urn:vneid:dev-issuer",
            "--sub", "001099000001", "--aud", "urn:vneid:dev-portal", "--org", "0101234567",
        ])
        #expect(minted.status == 0, "\(minted.stderr)")
        let token = minted.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let allowed = try await daemon.cli(["authenticate", "--api-key-file", "\(data)/dev-portal.key", "--service", "dev-portal", token])
        #expect(allowed.status == 0, "\(allowed.stdout)\(allowed.stderr)")
        let history = try await daemon.cli(["history", "--api-key-file", "\(data)/dev-auditor.key", "001099000001"])
        #expect(history.status == 0, "\(history.stderr)")
        #expect(history.stdout.contains("ALLOW"))

        // A restart keeps the same key and setup, and warns again.
        try await daemon.stop()
        try await daemon.restart()
        #expect(try await daemon.cli(["authenticate", "--api-key-file", "\(data)/dev-portal.key", "--service", "dev-portal", token]).status == 0)
    }

    @Test("bench authenticate mints distinct tokens and drives the daemon through both load generators")
    func benchAuthenticate() async throws {
        let daemon = try await TestDaemon(arguments: ["--dev-issuer"])
        let data = daemon.dataDirectory
        for lean in [false, true] {
            let run = try await daemon.cli([
                "bench", "authenticate", "--api-key-file", "\(data)/dev-portal.key", "--signing-key", "\(data)/dev-issuer/dev-1.key.pem",
                "--iss", "urn:vneid:dev-issuer", "--service", "dev-portal", "--aud", "urn:vneid:dev-portal", "--tokens", "3000",
                "--concurrency", "4", "--duration", "1", "--warmup", "0", "--json", "001099000001",
            ] + (lean ? ["--lean"] : []))
            #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
            let json = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
            let result = json?["result"] as? [String: Any]
            #expect((result?["requests"] as? Int ?? 0) > 0)
            #expect(result?["errors"] as? Int == 0, "\(result?["first_error"] ?? "")")
            #expect(json?["tokens"] as? Int == 3000)
        }
        // A wrong audience makes every answer a DENY: the benchmark reports errors and fails.
        let denied = try await daemon.cli([
            "bench", "authenticate", "--api-key-file", "\(data)/dev-portal.key", "--signing-key", "\(data)/dev-issuer/dev-1.key.pem",
            "--iss", "urn:vneid:dev-issuer", "--service", "dev-portal", "--aud", "urn:other", "--tokens", "100",
            "--concurrency", "2", "--duration", "0.5", "--warmup", "0", "--lean", "001099000001",
        ])
        #expect(denied.status == 1)
        #expect(denied.stdout.contains("WRONG_AUDIENCE"), "\(denied.stdout)")
    }

    @Test("trusted issuers come from the configuration file; a bad --trust or an unusable JWKS stops the start with exit 2")
    func trustConfiguration() async throws {
        let keys = try TemporaryDirectory()
        let runner = try TemporaryDirectory()
        #expect(try await ProcessRunner.run(Binaries.cli, ["token", "keygen", "--kid", "k1", "--out", keys.path], in: runner).status == 0)
        let config = keys.path + "/vneidd.json"
        try #"{"trustedIssuers": [{"issuer": "https://id.test", "jwksPath": "\#(keys.path)/jwks.json"}], "clockSkewSeconds": 30}"#
            .write(toFile: config, atomically: true, encoding: .utf8)
        let daemon = try await TestDaemon(arguments: ["--config", config, "--log-level", "info"])
        #expect(daemon.stderr.contains("trusting token issuer") && daemon.stderr.contains("https://id.test"))

        for (arguments, message) in [
            (["--trust", "no-equals-sign"], "must be ISSUER=JWKS_FILE"),
            (["--trust", "https://id.test=\(keys.path)/missing.json"], "cannot read JWKS file"),
            (["--clock-skew", "5000"], "clock skew"),
        ] {
            let outcome = try await ProcessRunner.run(Binaries.daemon, ["--data-dir", runner.path + "/d", "--listen", "127.0.0.1:0"] + arguments, in: runner)
            #expect(outcome.status == 2, "\(arguments)")
            #expect(outcome.stderr.contains(message), "\(arguments): \(outcome.stderr)")
        }
    }
}
