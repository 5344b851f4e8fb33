import Foundation
import Testing
import VNeIDClient

@Suite("Account registry over gRPC")
struct AccountsTests {
    static func record(_ line: UInt64, _ id: String, _ name: String, level: Int = 2, organization: String? = nil, kind: AccountKind? = nil) -> AccountImportRecord {
        AccountImportRecord(line: line, id: id, kind: kind, displayName: name, assuranceLevel: level, managingOrganizationID: organization)
    }

    @Test("malformed ids are INVALID_ARGUMENT saying what is wrong; unknown ids NOT_FOUND")
    func idValidation() async throws {
        let daemon = try await TestDaemon()
        let registry = try await daemon.createPrincipal("feed", roles: [.registry])
        try await daemon.withClient(apiKey: registry) { client in
            for (id, message) in [("12345", "has 5 digits"), ("000099012345", "province code 000"), ("0010990123x5", "only digits"), ("", "empty")] {
                let error = await #expect(throws: VNeIDClientError.self) { try await client.accountStatus(id: id) }
                #expect(error?.code == .invalidArgument)
                #expect(error?.message.contains(message) == true, "\(error?.message ?? "")")
            }
            let unknown = await #expect(throws: VNeIDClientError.self) { try await client.account(id: "001099012345") }
            #expect(unknown?.code == .notFound)
            #expect(unknown?.message.contains("001099012345") == true)
        }
    }

    @Test("an import upserts by id; the same records again change nothing; changes bump the status version")
    func importUpsert() async throws {
        let daemon = try await TestDaemon()
        let registry = try await daemon.createPrincipal("feed", roles: [.registry])
        let records = [
            Self.record(1, "0101234567", "Công ty Vận tải ABC"),
            Self.record(2, "001099012345", "Nguyễn Văn A", organization: "0101234567"),
            Self.record(3, "0101234567-001", "Chi nhánh Hà Nội", kind: .organization),
        ] + (0..<2500).map { Self.record(UInt64($0 + 4), String(format: "079%09d", $0), "Người \($0)", level: 1) }
        try await daemon.withClient(apiKey: registry) { client in
            let first = try await client.importAccounts { writer in
                for batch in stride(from: 0, to: records.count, by: 1000) {
                    try await writer.write(Array(records[batch..<min(batch + 1000, records.count)]))
                }
                return 0
            }
            #expect(first == AccountImportSummary(received: 2503, created: 2503, updated: 0, unchanged: 0, rejected: 0, rejections: []))
            let second = try await client.importAccounts { writer in try await writer.write(records); return 0 }
            #expect(second.unchanged == 2503)
            #expect(second.changedNothing)

            let changed = try await client.importAccounts { writer in
                try await writer.write([Self.record(1, "001099012345", "Nguyễn Văn A", level: 1, organization: "0101234567")])
                return 0
            }
            #expect(changed.updated == 1)
            let status = try await client.accountStatus(id: "001099012345")
            #expect(status.statusVersion == 2)
            #expect(status.state == .active)
            #expect(status.suspensions.isEmpty)
            let account = try await client.account(id: "001099012345")
            #expect(account.record.assuranceLevel == .level1)
            #expect(account.record.managingOrganizationID?.rawValue == "0101234567")
            #expect(try await client.account(id: "0101234567001").record.displayName == "Chi nhánh Hà Nội")
        }
    }

    @Test("a bad record fails the whole import, naming every bad line, and writes nothing")
    func strictImport() async throws {
        let daemon = try await TestDaemon()
        let registry = try await daemon.createPrincipal("feed", roles: [.registry])
        try await daemon.withClient(apiKey: registry) { client in
            let error = await #expect(throws: VNeIDClientError.self) {
                try await client.importAccounts { writer in
                    try await writer.write([
                        Self.record(2, "001099012345", "Good"),
                        Self.record(3, "001099012346", "Bad level", level: 7),
                        Self.record(4, "001099012347", "Unknown organization", organization: "0109999999"),
                        Self.record(5, "001099012345", "Duplicate"),
                        Self.record(6, "0101234567", "Stated wrong", kind: .citizen),
                    ])
                    return 0
                }
            }
            #expect(error?.code == .invalidArgument)
            #expect(error?.message.contains("nothing was imported") == true)
            #expect(error?.violations.map(\.field) == ["line 3", "line 4", "line 5", "line 6"])
            #expect(error?.violations[1].description.contains("0109999999, which is not registered") == true)
            #expect(error?.violations[2].description.contains("first at line 2") == true)
            let nothing = await #expect(throws: VNeIDClientError.self) { try await client.accountStatus(id: "001099012345") }
            #expect(nothing?.code == .notFound)
        }
    }

    @Test("with skipInvalid the good records are imported and the bad ones reported")
    func skippingImport() async throws {
        let daemon = try await TestDaemon()
        let registry = try await daemon.createPrincipal("feed", roles: [.registry])
        try await daemon.withClient(apiKey: registry) { client in
            let summary = try await client.importAccounts(options: .init(skipInvalid: true)) { writer in
                try await writer.write([Self.record(2, "001099012345", "Good"), Self.record(3, "12", "Bad id")])
                return 1
            }
            #expect(summary.created == 1)
            #expect(summary.rejected == 2)
            #expect(summary.rejections.map(\.line) == [3])
            #expect(try await client.accountStatus(id: "001099012345").state == .active)
        }
    }

    @Test("lines the client could not parse fail a strict import")
    func unparsableLinesFailStrictImport() async throws {
        let daemon = try await TestDaemon()
        let registry = try await daemon.createPrincipal("feed", roles: [.registry])
        let error = await #expect(throws: VNeIDClientError.self) {
            try await daemon.withClient(apiKey: registry) { client in
                try await client.importAccounts { writer in
                    try await writer.write([Self.record(2, "001099012345", "Good")])
                    return 1
                }
            }
        }
        #expect(error?.code == .invalidArgument)
        #expect(error?.message.contains("1 source line(s) could not be parsed") == true)
    }

    @Test("a batch reports each id: found, malformed or unknown, in order; limits are enforced")
    func batchStatus() async throws {
        let daemon = try await TestDaemon()
        let registry = try await daemon.createPrincipal("feed", roles: [.registry])
        let portal = try await daemon.createPrincipal("portal", roles: [.relyingService], services: ["border-portal"])
        _ = try await daemon.withClient(apiKey: registry) { client in
            try await client.importAccounts { writer in try await writer.write([Self.record(1, "001099012345", "A")]); return 0 }
        }
        try await daemon.withClient(apiKey: portal) { client in
            let results = try await client.accountStatuses(ids: ["001099012345", "bad", "001099099999", "001099012345"])
            #expect(results.map(\.id) == ["001099012345", "bad", "001099099999", "001099012345"])
            guard case .found(let status) = results[0].lookup else { Issue.record("expected a status"); return }
            #expect(status.accountID.rawValue == "001099012345")
            guard case .invalidID(let message) = results[1].lookup else { Issue.record("expected invalid id"); return }
            #expect(message.contains("only digits"))
            guard case .notFound = results[2].lookup else { Issue.record("expected not found"); return }
            let empty = await #expect(throws: VNeIDClientError.self) { try await client.accountStatuses(ids: []) }
            #expect(empty?.code == .invalidArgument)
            let tooMany = await #expect(throws: VNeIDClientError.self) {
                try await client.accountStatuses(ids: Array(repeating: "001099012345", count: 1001))
            }
            #expect(tooMany?.code == .invalidArgument)
            #expect(tooMany?.message.contains("at most 1000") == true)
        }
    }
}
