import Foundation
import Testing
import VNeIDClient
import VNeIDTestSupport

/// Bad input from outside: each string is stored exactly as received or refused with a
/// precise status, and no answer is too large for a client to read.
@Suite("Outside input: strings, sizes and error answers")
struct OutsideInputTests {
    typealias Accounts = AuthenticationWorld.Accounts

    @Test("a NUL, an escape, a C1 control or a text-direction mark in an order's text is refused naming the field; line breaks are kept; the audit chain verifies", arguments: [
        ("tạm dừng\u{0}ẩn", "U+0000 (NUL)"),
        ("\u{1B}[2J\u{1B}[31mĐÃ DUYỆT", "U+001B"),
        ("lý do\u{9B}31m", "U+009B"),
        ("rủi ro \u{202E}gnol", "text-direction"),
    ])
    func controlCharactersInOrderText(_ text: String, _ named: String) async throws {
        let world = try await AuthenticationWorld()
        let message = await expectFailure(.invalidArgument) {
            _ = try await world.daemon.withClient(apiKey: world.commanderKey) {
                try await $0.suspendLogin(Accounts.loner, grounds: OrderGrounds(ground: .securityRisk, text: text), requestID: "bad-text")
            }
        }
        #expect(message.contains("grounds.text") && message.contains(named), "\(message)")
        let accepted = try await world.daemon.withClient(apiKey: world.commanderKey) {
            try await $0.suspendLogin(Accounts.loner, grounds: OrderGrounds(ground: .securityRisk, text: "dòng 1\ndòng 2\tcột"), requestID: "good-text")
        }
        #expect(accepted.order.grounds.text == "dòng 1\ndòng 2\tcột")
        let verification = try await world.daemon.withClient(apiKey: world.auditorKey) { try await $0.verifyAuditLog() }
        #expect(verification.intact)
    }

    @Test("a 20,000-character principal name is refused with a short message, and the daemon goes on serving")
    func longName() async throws {
        let daemon = try await TestDaemon()
        let message = await expectFailure(.invalidArgument) {
            _ = try await daemon.createPrincipal(String(repeating: "x", count: 20_000), roles: [.auditor])
        }
        #expect(message.contains("name is 20000 bytes long; at most 1024"), "\(message)")
        #expect(message.count < 600)
        #expect(try await daemon.withClient(apiKey: nil) { try await $0.health() } == .serving)
    }

    @Test("an account id with a dash at byte 10 after multi-byte characters is INVALID_ARGUMENT, and the daemon goes on serving")
    func accountIDThatOnceCrashed() async throws {
        let daemon = try await TestDaemon()
        let auditor = try await daemon.createPrincipal("auditor", roles: [.auditor])
        let status = try await daemon.withClient(apiKey: auditor) { client in
            await expectFailure(.invalidArgument) { _ = try await client.accountStatus(id: "ééééé-xyz") }
            return try await client.health()
        }
        #expect(status == .serving)
    }

    @Test("a strict import with thousands of bad lines lists the first 50, counts the rest, and exits 2")
    func manyBadLines() async throws {
        let daemon = try await TestDaemon()
        let registry = try await daemon.createPrincipal("feed", roles: [.registry])
        let lines = (0..<3_000).map { "\(String(format: "%012d", $0)),citizen,Người \($0),7," }
        let file = try daemon.directory.file("bad.csv", contents: "id,kind,display_name,assurance_level,managing_organization_id\n" + lines.joined(separator: "\n") + "\n")
        let outcome = try await daemon.cli(["accounts", "import", file], apiKey: registry)
        #expect(outcome.status == 2, "\(outcome.stderr)")
        let output = outcome.stdout + outcome.stderr
        #expect(output.contains("line 2:") && output.contains("line 51:") && !output.contains("line 52:"), "\(output.suffix(2_000))")
        #expect(output.contains("2950 more problems are not listed"), "\(output.suffix(2_000))")
    }

    @Test("a request over the message limit is RESOURCE_EXHAUSTED naming the limit, and the connection goes on")
    func oversizedRequest() async throws {
        let daemon = try await TestDaemon(arguments: ["--limit", "max-message-bytes=2048"])
        let auditor = try await daemon.createPrincipal("auditor", roles: [.auditor])
        try await daemon.withClient(apiKey: auditor) { client in
            let ids = (0..<500).map { String(format: "0010%08d", $0) }
            let message = await expectFailure(.resourceExhausted) { _ = try await client.accountStatuses(ids: ids) }
            #expect(message.contains("at most 2048"), "\(message)")
            let small = try await client.accountStatuses(ids: [ids[0]])
            #expect(small.count == 1)
        }
    }
}
