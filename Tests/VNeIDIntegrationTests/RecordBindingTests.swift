import Foundation
import GRDB
import Testing
import VNeIDClient

@Suite("Records bound to the audit chain: an order, event, notice, authorization, principal, service or status edited in the file is named")
struct RecordBindingTests {
    typealias Accounts = AuthenticationWorld.Accounts

    /// The set-up's lock of the deceased person's account.
    static func deceasedLockOrder(_ world: OfficialsWorld) async throws -> String {
        try #require(try await world.with(world.auditor) { try await $0.auditEntries(AuditFilter(accountID: Accounts.deceased)).entries.first?.event.orderID })
    }

    /// The problems `audit verify` reports, as (kind, id) pairs.
    static func named(_ result: AuditVerification) -> Set<String> {
        Set(result.recordProblems.map { "\($0.kind) \($0.id)" })
    }

    @Test("every kind of record edited directly is named with the entry that recorded it; the chain itself still verifies; the CLI exits 8")
    func editsNamed() async throws {
        let world = try await OfficialsWorld()
        let grant = try await world.with(world.commander) { try await $0.grantAuthorization(deputy: "deputy", validUntil: Date().addingTimeInterval(3600)) }
        let suspended = try await world.with(world.commander) { try await $0.suspendLogin(Accounts.driver, grounds: PortalOrdersTests.risk, requestID: "b1") }
        let notice = try #require(suspended.order.notices.first)
        _ = try await world.with(world.portal) { try await $0.acknowledgeNotice(id: notice.id) }
        let lockOrder = try await Self.deceasedLockOrder(world)
        let requester = try await world.with(world.requester) { try await $0.whoAmI() }
        let police = try await world.with(world.police) { try await $0.whoAmI() }

        let clean = try await world.with(world.auditor) { try await $0.verifyAuditLog() }
        #expect(clean.intact && clean.recordProblems.isEmpty, "\(clean.recordProblems)")
        #expect(clean.recordsChecked >= 20, "orders, notices, the authorization, principals, services and statuses are all checked")
        let cleanCLI = try await world.daemon.cli(["audit", "verify"], apiKey: world.auditor)
        #expect(cleanCLI.status == 0, "\(cleanCLI.stdout) \(cleanCLI.stderr)")
        #expect(cleanCLI.stdout.contains("records intact"))
        let bound = try await world.with(world.auditor) { try await $0.auditEntries(AuditFilter(accountID: Accounts.driver)).entries }
        let suspension = try #require(bound.first { $0.event.orderID == suspended.order.id && $0.event.kind == .orderExecuted })
        #expect(Set(suspension.records.map(\.key)) == Set(
            [AuditRecordKey(.order, suspended.order.id), AuditRecordKey(.accountStatus, Accounts.driver)]
                + suspended.order.notices.map { AuditRecordKey(.notice, $0.id) }
        ), "the entry binds the order, the status and the notices it wrote")

        let text = DatabaseEditor.text
        try await world.editDatabase(
            "UPDATE orders SET grounds_text = 'nhầm lẫn' WHERE id = \(text(lockOrder))",
            "UPDATE order_events SET note = 'không có gì' WHERE order_id = \(text(suspended.order.id))",
            "UPDATE notices SET text = 'Thông báo khác' WHERE id = \(text(notice.id))",
            "UPDATE station_authorizations SET valid_until_ms = valid_until_ms + 31536000000 WHERE id = \(text(grant.id))",
            "UPDATE principals SET roles = 'ADMIN,REQUESTER' WHERE id = \(text(requester.id))",
            "UPDATE api_keys SET secret_hash = \(world.daemon.database.bytes([UInt8](repeating: 0, count: 32))) WHERE principal_id = \(text(police.id))",
            "UPDATE services SET border_portal = TRUE WHERE name = 'tax-portal'",
            // The death is taken off the account: the daemon would now serve it as ACTIVE.
            "DELETE FROM account_locks WHERE account_id = \(text(Accounts.deceased))",
            "UPDATE accounts SET state = 'active' WHERE id = \(text(Accounts.deceased))"
        )
        let result = try await world.with(world.auditor) { try await $0.verifyAuditLog() }
        #expect(!result.intact)
        #expect(result.firstBroken == nil, "no audit entry was touched: the chain alone verifies")
        #expect(Self.named(result) == [
            "ORDER \(lockOrder)", "ORDER \(suspended.order.id)", "NOTICE \(notice.id)", "AUTHORIZATION \(grant.id)",
            "PRINCIPAL \(requester.id)", "PRINCIPAL \(police.id)", "SERVICE tax-portal", "ACCOUNT_STATUS \(Accounts.deceased)",
        ])
        #expect(result.recordProblemCount == 8)
        #expect(result.recordProblems.allSatisfy { $0.boundBySequence != nil })
        #expect(result.recordProblems.map(\.boundBySequence) == result.recordProblems.map(\.boundBySequence).sorted { ($0 ?? 0) < ($1 ?? 0) }, "the first record named is the one recorded first")
        let noticeProblem = try #require(result.recordProblems.first { $0.kind == "NOTICE" })
        #expect(noticeProblem.problem.contains("notice \(notice.id) was altered"))
        let delivery = try await world.with(world.auditor) { try await $0.auditEntries(AuditFilter(kinds: ["NOTICE_DELIVERED"])).entries }
        #expect(noticeProblem.boundBySequence == delivery.last?.sequence, "a notice is last recorded by its delivery")

        let cli = try await world.daemon.cli(["audit", "verify"], apiKey: world.auditor)
        #expect(cli.status == 8)
        #expect(cli.stdout.contains("RECORDS DO NOT MATCH THE CHAIN: 8"), "\(cli.stdout)")
        for id in [lockOrder, notice.id, grant.id, requester.id, police.id, Accounts.deceased] { #expect(cli.stdout.contains(id)) }
        #expect(cli.stderr.contains("do not match the audit chain"))
    }

    @Test("a record deleted is named missing, one added outside the chain is named unbound, a removed service put back is named")
    func deletedAndAdded() async throws {
        let world = try await OfficialsWorld()
        let admin = try world.daemon.adminKey
        _ = try await world.with(admin) { try await $0.addService(ServiceSettings(name: "old-portal", audience: "urn:old", minimumLevel: 1)) }
        try await world.with(admin) { try await $0.removeService(name: "old-portal") }
        let lockOrder = try await Self.deceasedLockOrder(world)
        let itsNotices = try await world.with(world.auditor) { try await $0.order(id: lockOrder) }.notices.map(\.id)
        let order = DatabaseEditor.text(lockOrder)
        try await world.editDatabase(
            "DELETE FROM notices WHERE order_id = \(order)",
            "DELETE FROM order_requests WHERE order_id = \(order)",
            "DELETE FROM order_events WHERE order_id = \(order)",
            "DELETE FROM orders WHERE id = \(order)",
            "INSERT INTO principals (id, name, roles, services, created_at_ms) VALUES ('prn_planted', 'planted', 'ADMIN', '', 0)",
            """
            INSERT INTO services (name, audience, minimum_level, replay_protection, border_portal, created_at_ms, updated_at_ms)
            VALUES ('old-portal', 'urn:old', 1, FALSE, TRUE, 0, 0)
            """
        )
        let result = try await world.with(world.auditor) { try await $0.verifyAuditLog() }
        #expect(!result.intact)
        #expect(Self.named(result) == Set(["ORDER \(lockOrder)", "PRINCIPAL prn_planted", "SERVICE old-portal"] + itsNotices.map { "NOTICE \($0)" }))
        let missing = try #require(result.recordProblems.first { $0.kind == "ORDER" })
        #expect(missing.problem.contains("is missing"))
        let planted = try #require(result.recordProblems.last)
        #expect(planted.id == "prn_planted" && planted.boundBySequence == nil, "records no entry binds come last")
        #expect(planted.problem.contains("added outside the audit chain"))
        let putBack = try #require(result.recordProblems.first { $0.kind == "SERVICE" })
        #expect(putBack.problem.contains("recorded its removal"))
    }

    @Test("a lock ground planted on an account outside the chain is named as unbound")
    func plantedStatus() async throws {
        let world = try await OfficialsWorld()
        try await world.editDatabase(
            "INSERT INTO account_locks (account_id, order_id, reason, since_ms) VALUES (\(DatabaseEditor.text(Accounts.loner)), 'ord_planted', 'termsViolation', 0)",
            "UPDATE accounts SET state = 'locked' WHERE id = \(DatabaseEditor.text(Accounts.loner))"
        )
        let result = try await world.with(world.auditor) { try await $0.verifyAuditLog() }
        #expect(Self.named(result) == ["ACCOUNT_STATUS \(Accounts.loner)"])
        #expect(result.recordProblems.first?.problem.contains("no audit entry records") == true)
    }
}
