import Foundation
import GRDB
import Testing
import VNeIDClient

@Suite("The audit log: a hash chain that shows edits and deletions made in the database file")
struct AuditLogTests {
    typealias Accounts = AuthenticationWorld.Accounts

    @Test("every order, decision, grant, principal and service change is recorded and filterable")
    func recordsEverything() async throws {
        let world = try await OfficialsWorld()
        let grant = try await world.with(world.commander) { try await $0.grantAuthorization(deputy: "deputy", validUntil: Date().addingTimeInterval(3600)) }
        _ = try await world.with(world.commander) { try await $0.revokeAuthorization(id: grant.id) }
        let kinds = Set(try await world.with(world.auditor) { try await $0.auditEntries(pageSize: 1000).entries }.map(\.event.kind))
        #expect(kinds.isSuperset(of: [.principalCreated, .serviceAdded, .orderExecuted, .authorizationGranted, .authorizationRevoked]))
        let aboutDeceased = try await world.with(world.auditor) { try await $0.auditEntries(AuditFilter(accountID: Accounts.deceased)).entries }
        #expect(aboutDeceased.count == 1)
        #expect(aboutDeceased.first?.event.detail.contains("DECEASED") == true)
        let byCommander = try await world.with(world.auditor) { try await $0.auditEntries(AuditFilter(principal: "commander", kinds: ["authorization-granted"])).entries }
        #expect(byCommander.map(\.event.target) == [grant.deputy.principalID])
        let future = try await world.with(world.auditor) { try await $0.auditEntries(AuditFilter(from: Date().addingTimeInterval(3600))).entries }
        #expect(future.isEmpty)
        await expectFailure(.permissionDenied) { _ = try await world.with(world.registry) { try await $0.verifyAuditLog() } }
        await expectFailure(.invalidArgument) { _ = try await world.with(world.auditor) { try await $0.auditEntries(AuditFilter(kinds: ["NOPE"])) } }
        await expectFailure(.invalidArgument) { _ = try await world.with(world.auditor) { try await $0.auditEntries(AuditFilter(from: Date(timeIntervalSince1970: -1e17))) } }
        #expect(try await world.with(world.auditor) { try await $0.whoAmI() }.name == "auditor", "the daemon is still up")
    }

    @Test("an entry edited in the database is named by audit verify, which exits 8")
    func editedRow() async throws {
        let world = try await OfficialsWorld()
        let intact = try await world.daemon.cli(["audit", "verify"], apiKey: world.auditor)
        #expect(intact.status == 0, "\(intact.stderr)")
        #expect(intact.stdout.contains("intact"))
        let target = try await world.with(world.auditor) { try await $0.auditEntries(AuditFilter(accountID: Accounts.deceased)).entries[0].sequence }
        try await world.editDatabase("UPDATE audit_log SET detail = replace(detail, 'DECEASED', 'SUBJECT_REQUEST') WHERE sequence = \(target)")
        let broken = try await world.daemon.cli(["audit", "verify"], apiKey: world.auditor)
        #expect(broken.status == 8)
        #expect(broken.stdout.contains("BROKEN at entry \(target)"), "\(broken.stdout)")
        #expect(broken.stdout.contains("altered"))
        let result = try await world.with(world.auditor) { try await $0.verifyAuditLog() }
        #expect(result.firstBroken?.sequence == target)
        #expect(result.verifiedEntries == target - 1)
    }

    @Test("an entry deleted from the database is named as missing")
    func deletedRow() async throws {
        let world = try await OfficialsWorld()
        try await world.editDatabase("DELETE FROM audit_log WHERE sequence = 4")
        let result = try await world.with(world.auditor) { try await $0.verifyAuditLog() }
        #expect(!result.intact)
        #expect(result.firstBroken?.sequence == 4)
        #expect(result.firstBroken?.problem.contains("missing") == true)
        let cli = try await world.daemon.cli(["audit", "verify", "--json"], apiKey: world.auditor)
        #expect(cli.status == 8)
        #expect(cli.stdout.contains("\"first_broken_sequence\" : 4"))
    }

    @Test("a daemon killed with SIGKILL in a burst of orders loses no acknowledged order and leaves a chain that verifies")
    func killedMidBurst() async throws {
        let world = try await OfficialsWorld()
        let ids = (0..<80).map { String(format: "0010990300%02d", $0) }
        try await world.importAccounts(ids.map { ($0, nil) })
        let acknowledged = AcknowledgedOrders()
        let burst = Task {
            try await world.with(world.registry) { client in
                await withTaskGroup(of: Void.self) { group in
                    for id in ids {
                        group.addTask {
                            if let result = try? await client.lockAccount(id, grounds: OrderGrounds(ground: .termsViolation, text: "vi phạm điều khoản sử dụng"), requestID: "burst-\(id)") {
                                await acknowledged.add(id: id, order: result.order.id)
                            }
                        }
                    }
                }
            }
        }
        let deadline = ContinuousClock.now + .seconds(30)
        while await acknowledged.count < 15, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
        try await world.daemon.stop(signal: SIGKILL)
        _ = try? await burst.value
        let saved = await acknowledged.orders
        #expect(saved.count >= 15)

        try await world.daemon.restart()
        for (account, orderID) in saved {
            let order = try await world.with(world.auditor) { try await $0.order(id: orderID) }
            #expect(order.state == .executed)
            let status = try await world.with(world.auditor) { try await $0.accountStatus(id: account) }
            guard case .locked(let lock) = status.state else { Issue.record("\(account) lost its acknowledged lock"); continue }
            #expect(lock.orderID == orderID)
        }
        let verification = try await world.with(world.auditor) { try await $0.verifyAuditLog() }
        #expect(verification.intact, "\(verification.firstBroken?.problem ?? "")")

        // Retrying every request after the crash executes each lock exactly once.
        for id in ids {
            let result = try await world.with(world.registry) { try await $0.lockAccount(id, grounds: OrderGrounds(ground: .termsViolation, text: "vi phạm điều khoản sử dụng"), requestID: "burst-\(id)") }
            if let known = saved[id] { #expect(result.replayed && result.order.id == known) }
        }
        let changes = try await PortalOrdersTests.collect(world, after: 0, count: 3 + ids.count)
        #expect(changes.map(\.sequence) == Array(1...UInt64(3 + ids.count)), "the status stream has no gap")
        #expect(Set(changes.dropFirst(3).map(\.status.accountID.rawValue)) == Set(ids))
        #expect(try await world.with(world.auditor) { try await $0.verifyAuditLog() }.intact)
    }
}

/// Orders the daemon acknowledged before it was killed.
actor AcknowledgedOrders {
    private(set) var orders: [String: String] = [:]
    var count: Int { orders.count }
    func add(id: String, order: String) { orders[id] = order }
}
