import Foundation
import Testing
import VNeIDClient
import VNeIDTestSupport

@Suite("Clients in other languages")
struct InteropTests {
    @Test("Python's grpcio, with stubs generated from proto/, can use the daemon")
    func pythonClient() async throws {
        let daemon = try await TestDaemon()
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        // tools/test installs grpcio into .build-python; VNEID_PYTHON names another interpreter.
        let python = ProcessInfo.processInfo.environment["VNEID_PYTHON"] ?? packageRoot.appendingPathComponent(".build-python/bin/python").path
        try #require(FileManager.default.isExecutableFile(atPath: python), "no Python with grpcio at \(python): run tools/test, which installs it")
        let outcome = try await ProcessRunner.run(
            python,
            [packageRoot.appendingPathComponent("Tests/Interop/python_client.py").path, packageRoot.appendingPathComponent("proto").path, daemon.address, try daemon.adminKey],
            in: daemon.directory
        )
        #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
        #expect(outcome.stdout.contains("checks passed"))
    }

    @Test("tokens and keys made by PyJWT and cryptography are judged exactly as our own, and ours verify in PyJWT")
    func pyjwtTokens() async throws {
        let python = try Self.python()
        let keys = try TemporaryDirectory()
        let script = Self.packageRoot.appendingPathComponent("Tests/Interop/pyjwt_tokens.py").path
        let issuer = "https://id.vneid.test"
        let audience = "urn:test:border-portal"
        let minted = try await ProcessRunner.run(python, [script, "mint", keys.path, issuer, "001099012345", audience], in: keys)
        try #require(minted.status == 0, "\(minted.stderr)")

        // Our own key beside PyJWT's: the same daemon trusts both issuers.
        let ours = try TemporaryDirectory()
        let keygen = try await ProcessRunner.run(Binaries.cli, ["token", "keygen", "--alg", "ES256", "--kid", "ours", "--out", ours.path], in: ours)
        try #require(keygen.status == 0, "\(keygen.stderr)")
        let daemon = try await TestDaemon(arguments: [
            "--trust", "\(issuer)=\(keys.path)/jwks.json", "--trust", "https://ours.test=\(ours.path)/jwks.json",
        ])
        let portal = try await daemon.createPrincipal("portal", roles: [.relyingService], services: ["border-portal"])
        let registry = try await daemon.createPrincipal("registry", roles: [.registry])
        _ = try await daemon.withClient(apiKey: registry) { client in
            try await client.importAccounts { writer in
                try await writer.write([AccountImportRecord(line: 1, id: "001099012345", kind: nil, displayName: "Nguyễn Văn An", assuranceLevel: 2, managingOrganizationID: nil)])
                return 0
            }
        }
        struct Minted: Decodable { var alg: String; var `case`: String; var token: String }
        let tokens = try minted.stdout.split(separator: "\n").map { try JSONDecoder().decode(Minted.self, from: Data($0.utf8)) }
        #expect(tokens.count == 9)
        let expected: [String: DenyReason?] = ["valid": nil, "expired": .expired, "wrong_audience": .wrongAudience]
        try await daemon.withClient(apiKey: portal) { client in
            for token in tokens {
                let result = try await client.authenticate(token: token.token, service: "border-portal")
                #expect(result.denyReason == expected[token.case]!, "\(token.alg) \(token.case): \(result.detail)")
                #expect(result.accountID == "001099012345")
            }
        }

        let ourToken = try await daemon.cli([
            "token", "mint", "--key", "\(ours.path)/ours.key.pem", "--iss", "https://ours.test", "--sub", "001099012345", "--aud", audience,
        ])
        let token = ourToken.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try await daemon.cli(["authenticate", "--service", "border-portal", token], apiKey: portal).status == 0)
        let verified = try await ProcessRunner.run(python, [script, "verify", "\(ours.path)/jwks.json", "https://ours.test", audience, token], in: keys)
        #expect(verified.status == 0, "\(verified.stderr)")
        #expect(verified.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "001099012345")
    }

    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// tools/test installs grpcio, PyJWT and cryptography into .build-python; VNEID_PYTHON
    /// names another interpreter.
    static func python() throws -> String {
        let python = ProcessInfo.processInfo.environment["VNEID_PYTHON"] ?? packageRoot.appendingPathComponent(".build-python/bin/python").path
        try #require(FileManager.default.isExecutableFile(atPath: python), "no Python with the interop packages at \(python): run tools/test, which installs them")
        return python
    }
}
