import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import GRDB
import VNeIDService
import VNeIDTestSupport
import Testing
import VNeIDClient

@Suite("vneidctl orders, authorizations, notices, watch and audit; overdue deadlines and their metrics")
struct OrdersCLITests {
    typealias Accounts = AuthenticationWorld.Accounts

    @Test("orders lock, show and list through the CLI, with retries by --request-id")
    func ordersThroughCLI() async throws {
        let world = try await OfficialsWorld()
        let lock = try await world.daemon.cli(["orders", "lock", Accounts.loner, "--ground", "terms-violation", "--text", "spam", "--request-id", "cli-1"], apiKey: world.registry)
        #expect(lock.status == 0, "\(lock.stderr)")
        #expect(lock.stdout.contains("LOCK of account \(Accounts.loner) — EXECUTED"))
        #expect(lock.stdout.contains("THÔNG BÁO KHÓA TÀI KHOẢN ĐỊNH DANH ĐIỆN TỬ"))
        let retry = try await world.daemon.cli(["orders", "lock", Accounts.loner, "--ground", "terms-violation", "--text", "spam", "--request-id", "cli-1"], apiKey: world.registry)
        #expect(retry.status == 0)
        #expect(retry.stdout.contains("a retry"))
        let conflict = try await world.daemon.cli(["orders", "lock", Accounts.driver, "--ground", "terms-violation", "--request-id", "cli-1"], apiKey: world.registry)
        #expect(conflict.status == 5)
        let invalid = try await world.daemon.cli(["orders", "lock", Accounts.company, "--ground", "deceased"], apiKey: world.registry)
        #expect(invalid.status == 2)
        #expect(invalid.stderr.contains("DECEASED is not a ground"))

        let listed = try await world.daemon.cli(["orders", "list", "--account", Accounts.loner, "--json"], apiKey: world.auditor)
        let page = try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [String: Any]
        let orders = try #require(page?["orders"] as? [[String: Any]])
        #expect(orders.count == 1)
        let orderID = try #require(orders.first?["id"] as? String)
        let shown = try await world.daemon.cli(["orders", "show", orderID], apiKey: world.auditor)
        #expect(shown.stdout.contains("History:"))
        #expect(shown.stdout.contains("Notices (1):"))
        #expect(shown.stdout.contains("LOCK_NOTICE to SUBJECT"))
        let missing = try await world.daemon.cli(["orders", "show", "ord_0000000000000000"], apiKey: world.auditor)
        #expect(missing.status == 3)
        let badPage = try await world.daemon.cli(["orders", "list", "--page-token", "ord_nowhere"], apiKey: world.auditor)
        #expect(badPage.status == 2)
        #expect(badPage.stderr.contains("page_token"))
        // When the daemon cannot be reached the outcome is unknown: the CLI says how to retry safely.
        let unreachable = try await world.daemon.cli(
            ["orders", "lock", Accounts.driver, "--ground", "terms-violation", "--server", "127.0.0.1:1"], apiKey: world.registry
        )
        #expect(unreachable.status == 6)
        #expect(unreachable.stderr.contains("rerun with --request-id"), "\(unreachable.stderr)")
    }

    @Test("a lock request past its review deadline and a notice past its due time are listed as overdue and counted in the metrics")
    func overdue() async throws {
        let world = try await OfficialsWorld()
        let requested = try await world.with(world.requester) {
            try await $0.requestLock(Accounts.loner, grounds: OrderGrounds(ground: .thirdPartyRequest, text: "x", documentReference: "7/CV"), policeUnit: "ca-ha-noi", requestID: "o1")
        }
        let suspended = try await world.with(world.commander) {
            try await $0.suspendLogin(Accounts.driver, grounds: OrderGrounds(ground: .securityRisk, text: "x"), requestID: "o2")
        }
        let notOverdue = try await world.daemon.cli(["orders", "list", "--overdue"], apiKey: world.police)
        #expect(!notOverdue.stdout.contains(requested.order.id))

        // Two working days and two hours later, as the database sees it.
        let past = Int64(Date().addingTimeInterval(-60).timeIntervalSince1970 * 1000)
        try await world.editDatabase(
            "UPDATE orders SET review_deadline_ms = \(past) WHERE id = \(DatabaseEditor.text(requested.order.id))",
            "UPDATE notices SET due_at_ms = \(past) WHERE order_id = \(DatabaseEditor.text(suspended.order.id))"
        )
        let overdueOrders = try await world.daemon.cli(["orders", "list", "--overdue"], apiKey: world.police)
        #expect(overdueOrders.status == 0)
        #expect(overdueOrders.stdout.contains(requested.order.id))
        #expect(overdueOrders.stdout.contains("OVERDUE"))
        let overdueNotices = try await world.daemon.cli(["notices", "list", "--overdue"], apiKey: world.portal)
        #expect(overdueNotices.stdout.components(separatedBy: suspended.order.notices[0].id).count == 2)
        #expect(overdueNotices.stdout.contains("OVERDUE"))

        let address = try String(contentsOfFile: world.daemon.dataDirectory + "/metrics.address", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        var metrics = ""
        let deadline = ContinuousClock.now + .seconds(15)
        repeat {
            let (data, _) = try await URLSession.shared.data(from: try #require(URL(string: "http://\(address)/metrics")))
            metrics = String(decoding: data, as: UTF8.self)
            if metrics.contains("vneid_lock_requests_overdue 1") && metrics.contains("vneid_notices_overdue 2") { break }
            try await Task.sleep(for: .milliseconds(250))
        } while ContinuousClock.now < deadline
        #expect(metrics.contains("vneid_lock_requests_overdue 1"), "\(metrics)")
        #expect(metrics.contains("vneid_notices_overdue 2"), "\(metrics)")

        // Deciding the request and delivering the notices clears both.
        _ = try await world.with(world.police) { try await $0.refuseLockRequest(requested.order.id, reason: "không đủ căn cứ", requestID: "o3") }
        let stillOverdue = try await world.daemon.cli(["orders", "list", "--overdue"], apiKey: world.police)
        #expect(!stillOverdue.stdout.contains(requested.order.id))
        for notice in suspended.order.notices { _ = try await world.daemon.cli(["notices", "ack", notice.id], apiKey: world.portal) }
        let undelivered = try await world.daemon.cli(["notices", "list", "--undelivered"], apiKey: world.portal)
        #expect(!undelivered.stdout.contains(suspended.order.id))
    }

    @Test("authorizations grant, list and revoke; notices and status changes watched through the CLI; audit list filters")
    func otherCommands() async throws {
        let world = try await OfficialsWorld()
        let granted = try await world.daemon.cli(["authorizations", "grant", "deputy", "--until", "2099-01-01", "--note", "QĐ 3/ĐBP", "--json"], apiKey: world.commander)
        #expect(granted.status == 0, "\(granted.stderr)")
        let id = try #require((try JSONSerialization.jsonObject(with: Data(granted.stdout.utf8)) as? [String: Any])?["id"] as? String)
        let listed = try await world.daemon.cli(["authorizations", "list"], apiKey: world.deputy)
        #expect(listed.stdout.contains(id) && listed.stdout.contains("IN FORCE"))
        let suspend = try await world.daemon.cli(["orders", "suspend", Accounts.loner, "--ground", "security-risk", "--text", "x"], apiKey: world.deputy)
        #expect(suspend.status == 0, "\(suspend.stderr)")
        let revoked = try await world.daemon.cli(["authorizations", "revoke", id], apiKey: world.commander)
        #expect(revoked.stdout.contains("REVOKED"))
        let denied = try await world.daemon.cli(["orders", "restore", Accounts.loner, "--ground", "risk-resolved", "--text", "x"], apiKey: world.deputy)
        #expect(denied.status == 4)

        let watched = try await world.daemon.cli(["watch", "--after", "2", "--count", "2"], apiKey: world.auditor)
        let lines = watched.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.first?.contains("\"sequence\":3") == true)
        let notices = try await world.daemon.cli(["notices", "watch", "--count", "1"], apiKey: world.portal)
        #expect(notices.stdout.contains("SUSPENSION_NOTICE"))
        let audit = try await world.daemon.cli(["audit", "list", "--account", Accounts.loner, "--kind", "ORDER_EXECUTED"], apiKey: world.auditor)
        #expect(audit.stdout.contains("SUSPEND of \(Accounts.loner)"))
    }
}

@Suite("The working-day calendar an operator gives the daemon")
struct OperatorCalendarTests {
    @Test("--working-days: lock-request deadlines follow the operator's calendar; a broken file stops the start with exit 2")
    func operatorCalendar() async throws {
        let directory = try TemporaryDirectory()
        let today = LocalDate(containingInstant: Date().timeIntervalSince1970)
        var daysOff: [String] = []
        var day = today
        while daysOff.count < 10 {
            day = day.adding(days: 1)
            if !day.isWeekend { daysOff.append(#"{"date":"\#(day)","name":"nghỉ (test)"}"#) }
        }
        let text = #"{"timeZone":"Asia/Ho_Chi_Minh","from":"\#(today.adding(days: -10))","through":"\#(today.adding(days: 60))","daysOff":[\#(daysOff.joined(separator: ","))],"workingSaturdays":[]}"#
        let path = directory.path + "/calendar.json"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let calendar = try WorkingDayCalendar(fileContents: Data(text.utf8))

        let daemon = try await TestDaemon(arguments: ["--working-days", path])
        let registry = try await daemon.createPrincipal("registry", roles: [.registry])
        let requester = try await daemon.createPrincipal("court", roles: [.requester], requesterType: .proceduralAgency)
        _ = try await daemon.createPrincipal("police", roles: [.policeApprover], policeUnit: "ca-ha-noi")
        _ = try await daemon.withClient(apiKey: registry, transport: .grpc) { client in
            try await client.importAccounts { writer in
                try await writer.write([AccountImportRecord(line: 1, id: "001099012345", kind: nil, displayName: "A", assuranceLevel: 2, managingOrganizationID: nil)])
                return 0
            }
        }
        let before = Date()
        let order = try await daemon.withClient(apiKey: requester) {
            try await $0.requestLock("001099012345", grounds: OrderGrounds(ground: .thirdPartyRequest, text: "x", documentReference: "1"), policeUnit: "ca-ha-noi", requestID: "c1")
        }.order
        let after = Date()
        let expected = [calendar.deadline(receivedAt: before, workingDays: 2), calendar.deadline(receivedAt: after, workingDays: 2)]
        #expect(expected.contains(try #require(order.reviewDeadline)))
        #expect(try #require(order.reviewDeadline).timeIntervalSince(before) > 10 * 86_400, "the ten days off count")

        try "{ not a calendar".write(toFile: path, atomically: true, encoding: .utf8)
        try await daemon.stop()
        await #expect(throws: (any Error).self) { try await daemon.restart() }
        #expect(daemon.stderr.contains("working-day calendar \(path)"))
    }
}
