import Foundation
import VNeIDTestSupport
import Testing
import VNeIDClient

@Suite("vneidctl against a real daemon")
struct CLITests {
    static let goodCSV = """
        id,kind,display_name,assurance_level,managing_organization_id
        0101234567,organization,"Công ty TNHH Vận tải ABC, chi nhánh HN",2,
        001099012345,citizen,Nguyễn Văn A,2,0101234567

        079203004567,,"Trần Thị ""Bé"" B",1,

        """

    @Test("principals create, list, show and revoke, as tables and JSON")
    func principals() async throws {
        let daemon = try await TestDaemon()
        let admin = try daemon.adminKey
        let service = try await daemon.cli(["services", "add", "border-portal", "--audience", "https://biencanhdientu.gov.vn"], apiKey: admin)
        #expect(service.status == 0, "\(service.stderr)")
        let created = try await daemon.cli(["principals", "create", "portal", "--role", "relying-service", "--service", "border-portal", "--json"], apiKey: admin)
        #expect(created.status == 0, "\(created.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(created.stdout.utf8)) as? [String: Any]
        let key = try #require(json?["api_key"] as? String)
        #expect(try await daemon.withClient(apiKey: key) { try await $0.whoAmI() }.name == "portal")

        let list = try await daemon.cli(["principals", "list"], apiKey: admin)
        #expect(list.status == 0)
        #expect(list.stdout.contains("portal") && list.stdout.contains("RELYING_SERVICE") && list.stdout.contains("border-portal"))

        let revoke = try await daemon.cli(["principals", "revoke", "portal"], apiKey: admin)
        #expect(revoke.status == 0)
        let again = try await daemon.cli(["principals", "revoke", "portal"], apiKey: admin)
        #expect(again.status == 5)
        #expect(again.stderr.contains("revoked already"))
        let unknown = try await daemon.cli(["principals", "show", "nobody"], apiKey: admin)
        #expect(unknown.status == 3)
    }

    @Test("the key can come from a file, and a missing or wrong key exits 4")
    func keySources() async throws {
        let daemon = try await TestDaemon()
        let fromFile = try await daemon.cli(["whoami", "--api-key-file", daemon.dataDirectory + "/admin.key"])
        #expect(fromFile.status == 0)
        #expect(fromFile.stdout.contains("admin"))
        let none = try await daemon.cli(["whoami"])
        #expect(none.status == 4)
        #expect(none.stderr.contains("no API key"))
        let denied = try await daemon.cli(["accounts", "get", "001099012345"], apiKey: try daemon.adminKey)
        #expect(denied.status == 4)
        #expect(denied.stderr.contains("needs the REGISTRY or AUDITOR role"))
    }

    @Test("CSV import, re-import that changes nothing, status and get")
    func csvImport() async throws {
        let daemon = try await TestDaemon()
        let registry = try await daemon.createPrincipal("feed", roles: [.registry])
        let file = try daemon.directory.file("accounts.csv", contents: Self.goodCSV)
        let first = try await daemon.cli(["accounts", "import", file], apiKey: registry)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("3 records, 3 created, 0 updated, 0 unchanged"))
        let second = try await daemon.cli(["accounts", "import", file], apiKey: registry)
        #expect(second.status == 0)
        #expect(second.stdout.contains("Nothing changed"))

        let status = try await daemon.cli(["accounts", "status", "001099012345", "--json"], apiKey: registry)
        let json = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any]
        #expect(json?["state"] as? String == "ACTIVE")
        #expect(json?["status_version"] as? Int == 1)
        let account = try await daemon.cli(["accounts", "get", "079203004567"], apiKey: registry)
        #expect(account.stdout.contains("Trần Thị \"Bé\" B"))
        let organization = try await daemon.withClient(apiKey: registry) { try await $0.account(id: "0101234567") }
        #expect(organization.record.displayName == "Công ty TNHH Vận tải ABC, chi nhánh HN")

        let batch = try await daemon.cli(["accounts", "status", "001099012345", "001099099999"], apiKey: registry)
        #expect(batch.status == 3)
        #expect(batch.stdout.contains("NOT FOUND"))
    }

    @Test("JSON Lines import")
    func jsonLinesImport() async throws {
        let daemon = try await TestDaemon()
        let registry = try await daemon.createPrincipal("feed", roles: [.registry])
        let file = try daemon.directory.file("accounts.jsonl", contents: """
            {"id": "0101234567", "display_name": "Công ty A", "assurance_level": 2}
            {"id": "001099012345", "kind": "citizen", "display_name": "Nguyễn Văn A", "assurance_level": 1, "managing_organization_id": "0101234567"}

            """)
        let outcome = try await daemon.cli(["accounts", "import", file, "--json"], apiKey: registry)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any]
        #expect(json?["created"] as? Int == 2)
    }

    @Test("a bad file imports nothing and lists every bad line; --skip-invalid imports the rest")
    func badImport() async throws {
        let daemon = try await TestDaemon()
        let registry = try await daemon.createPrincipal("feed", roles: [.registry])
        let file = try daemon.directory.file("bad.csv", contents: """
            id,display_name,assurance_level
            001099012345,Good,2
            001099012346,Bad level,3
            001099012347,"Unclosed,1
            001099012348,Not a number,two
            12,Short id,1

            """)
        let strict = try await daemon.cli(["accounts", "import", file], apiKey: registry)
        #expect(strict.status == 2)
        for line in ["line 3:", "line 4:", "line 5:", "line 6:"] { #expect(strict.stderr.contains(line), "\(strict.stderr)") }
        #expect(!strict.stderr.contains("line 2:"))
        #expect(try await daemon.cli(["accounts", "status", "001099012345"], apiKey: registry).status == 3)

        let skipping = try await daemon.cli(["accounts", "import", file, "--skip-invalid"], apiKey: registry)
        #expect(skipping.status == 0)
        #expect(skipping.stdout.contains("1 created") && skipping.stdout.contains("4 skipped as bad"))
        #expect(try await daemon.cli(["accounts", "status", "001099012345"], apiKey: registry).status == 0)

        let header = try daemon.directory.file("noheader.csv", contents: "001099012345,A,2\n")
        let noHeader = try await daemon.cli(["accounts", "import", header], apiKey: registry)
        #expect(noHeader.status == 2)
        #expect(noHeader.stderr.contains("unknown column"))
    }

    @Test("an import the daemon refuses while the file is still streaming reports the daemon's reason, not a broken stream")
    func importRefusedMidStream() async throws {
        let daemon = try await TestDaemon()
        let portal = try await daemon.createPrincipal("portal", roles: [.relyingService], services: ["border-portal"])
        // Large enough that the refusal arrives long before the last record is sent.
        let lines = (0 ..< 300_000).map { String(format: "%03d0%08d,Công dân %d,2", 1 + $0 % 96, $0, $0) }
        let file = try daemon.directory.file("large.csv", contents: "id,display_name,assurance_level\n" + lines.joined(separator: "\n") + "\n")
        let refused = try await daemon.cli(["accounts", "import", file], apiKey: portal)
        #expect(refused.status == 4, "\(refused.stderr)")
        #expect(refused.stderr.contains("permission denied") && refused.stderr.contains("REGISTRY role"), "\(refused.stderr)")
        #expect(!refused.stderr.contains("NIOAsyncWriterError"), "\(refused.stderr)")
    }

    @Test("bench status runs and reports throughput and percentiles")
    func benchStatus() async throws {
        let daemon = try await TestDaemon()
        let registry = try await daemon.createPrincipal("feed", roles: [.registry])
        let file = try daemon.directory.file("accounts.csv", contents: Self.goodCSV)
        #expect(try await daemon.cli(["accounts", "import", file], apiKey: registry).status == 0)
        let portal = try await daemon.createPrincipal("portal", roles: [.relyingService], services: ["border-portal"])
        let bench = try await daemon.cli(
            ["bench", "status", "--ids-file", file, "--concurrency", "4", "--duration", "0.5", "--warmup", "0.1", "--json"],
            apiKey: portal
        )
        #expect(bench.status == 0, "\(bench.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(bench.stdout.utf8)) as? [String: Any]
        #expect((json?["requests"] as? Int ?? 0) > 0)
        #expect(json?["errors"] as? Int == 0)
        #expect(json?["p99_ms"] is Double)
    }

    @Test("health needs no key")
    func health() async throws {
        let daemon = try await TestDaemon()
        let outcome = try await daemon.cli(["health"])
        #expect(outcome.status == 0)
        #expect(outcome.stdout == "SERVING\n")
        let unknown = try await daemon.cli(["health", "--service", "nope.Service"])
        #expect(unknown.status == 3)
    }
}
