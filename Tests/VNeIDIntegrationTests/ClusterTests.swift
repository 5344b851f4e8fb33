import Foundation
import Testing
import VNeIDClient
import VNeIDCore
import VNeIDTestSupport

/// Three daemons on one PostgreSQL database: the guarantees the README gives, across them.
@Suite("Three daemons on one PostgreSQL: status, revocation, one order, one chain, exactly once, one deadline watch", .enabled(if: TestPostgres.isAvailable, Comment(rawValue: TestPostgres.unavailableReason)))
struct ClusterTests {
    /// The authentication world on the first daemon, and two more daemons on its database.
    final class Cluster: Sendable {
        let world: AuthenticationWorld
        let daemons: [TestDaemon]

        init() async throws {
            let database = try await TestPostgres.newDatabase()
            world = try await AuthenticationWorld(database: database)
            var daemons = [world.daemon]
            for _ in 0..<2 { daemons.append(try await TestDaemon(arguments: world.trustArguments, database: database)) }
            self.daemons = daemons
        }

        /// Authenticates fresh tokens of `account` on `daemon` until one is denied (at most
        /// 5 s, a bound on a hang, not a timing), and returns that answer.
        func firstDenial(on daemon: TestDaemon, of account: String) async throws -> AuthenticationResult {
            let started = ContinuousClock.now
            while true {
                let result = try await authenticate(on: daemon, world.mint(AuthenticationWorld.claims(account)))
                if result.decision != .allow || ContinuousClock.now - started > .seconds(5) { return result }
            }
        }

        func authenticate(on daemon: TestDaemon, _ token: String) async throws -> AuthenticationResult {
            try await daemon.withClient(apiKey: world.portalKey) { try await $0.authenticate(token: token, service: "border-portal") }
        }
    }

    @Test("three daemons started at the same moment on a new database: the schema is migrated once, one admin is bootstrapped, all three serve")
    func simultaneousStart() async throws {
        let database = try await TestPostgres.newDatabase()
        async let first = TestDaemon(database: database)
        async let second = TestDaemon(database: database)
        async let third = TestDaemon(database: database)
        let daemons = try await [first, second, third]
        let keys = daemons.compactMap { try? $0.adminKey }
        #expect(keys.count == 1, "one daemon bootstrapped the admin")
        let admin = try #require(keys.first)
        for daemon in daemons {
            #expect(try await daemon.withClient(apiKey: admin) { try await $0.principals() }.map(\.name) == ["admin"])
        }
        #expect(try await TestPostgres.query(database, "SELECT version FROM schema_migrations ORDER BY version") == [["1"], ["2"]])
    }

    @Test("a lock committed through one daemon is seen by Authenticate on the other two through the change feed; a suspension and its restoring likewise")
    func statusEverywhere() async throws {
        let cluster = try await Cluster()
        let account = AuthenticationWorld.Accounts.loner
        for daemon in cluster.daemons {
            #expect(try await cluster.authenticate(on: daemon, cluster.world.mint(AuthenticationWorld.claims(account))).decision == .allow)
        }
        let lock = try await cluster.daemons[0].withClient(apiKey: cluster.world.registryKey) {
            try await $0.lockAccount(account, grounds: OrderGrounds(ground: .deceased, documentReference: "Trích lục khai tử 1/2026"), requestID: "cluster-lock")
        }
        // The other daemons see it through their change feed, within its bound (20 ms plus
        // a poll); tools/bench measures the delay, this waits for it with a hang bound.
        for daemon in cluster.daemons.dropFirst() {
            let result = try await cluster.firstDenial(on: daemon, of: account)
            #expect(result.decision == .deny(.accountLocked), "\(result)")
        }
        #expect(lock.order.state == .executed)

        // A suspension by the station through the second daemon, and its restoring
        // through the third, take effect on the others the same way.
        let driver = AuthenticationWorld.Accounts.driver
        _ = try await cluster.daemons[1].withClient(apiKey: cluster.world.commanderKey) {
            try await $0.suspendLogin(driver, grounds: OrderGrounds(ground: .securityRisk, text: "kiểm tra"), requestID: "cluster-suspend")
        }
        let suspended = try await cluster.firstDenial(on: cluster.daemons[0], of: driver)
        #expect(suspended.decision == .deny(.suspendedForService), "\(suspended)")
        _ = try await cluster.daemons[2].withClient(apiKey: cluster.world.commanderKey) {
            try await $0.restoreLogin(driver, grounds: OrderGrounds(ground: .riskResolved, text: "đã xong"), requestID: "cluster-restore")
        }
        let started = ContinuousClock.now
        var restored = try await cluster.authenticate(on: cluster.daemons[0], cluster.world.mint(AuthenticationWorld.claims(driver)))
        while restored.decision != .allow, ContinuousClock.now - started < .seconds(5) {
            restored = try await cluster.authenticate(on: cluster.daemons[0], cluster.world.mint(AuthenticationWorld.claims(driver)))
        }
        #expect(restored.decision == .allow)
    }

    @Test("a principal or key revoked through one daemon is refused by the others within the shared-store bound (50 ms)")
    func revocationEverywhere() async throws {
        let cluster = try await Cluster()
        let (first, second, third) = (cluster.daemons[0], cluster.daemons[1], cluster.daemons[2])
        let auditor = try await first.createPrincipal("auditor-2", roles: [.auditor])
        for daemon in [second, third] { _ = try await daemon.withClient(apiKey: auditor) { try await $0.auditHead() } }
        let admin = try first.adminKey
        _ = try await first.withClient(apiKey: admin) { try await $0.revokePrincipal("auditor-2") }
        for daemon in [second, third] {
            let started = ContinuousClock.now
            var refused = false
            while !refused, ContinuousClock.now - started < .seconds(5) {
                do { _ = try await daemon.withClient(apiKey: auditor) { try await $0.auditHead() } } catch let error as VNeIDClientError {
                    #expect(error.code == .unauthenticated, "\(error)")
                    refused = true
                }
            }
            #expect(refused, "the revoked key still passed on another daemon after 5 s")
        }
    }

    @Test("a request id sent to two daemons at the same moment executes once; both answers name the one order")
    func requestOnceAcrossDaemons() async throws {
        let cluster = try await Cluster()
        let grounds = OrderGrounds(ground: .deceased, documentReference: "Trích lục khai tử 3/2026")
        let accounts = [AuthenticationWorld.Accounts.loner, AuthenticationWorld.Accounts.driver, AuthenticationWorld.Accounts.dissolvedDriver, AuthenticationWorld.Accounts.suspended]
        for (round, account) in accounts.enumerated() {
            let results = try await withThrowingTaskGroup(of: OrderResult.self) { group in
                for daemon in cluster.daemons.prefix(2) {
                    group.addTask {
                        try await daemon.withClient(apiKey: cluster.world.registryKey) { try await $0.lockAccount(account, grounds: grounds, requestID: "same-\(round)") }
                    }
                }
                return try await group.reduce(into: [OrderResult]()) { $0.append($1) }
            }
            #expect(Set(results.map(\.order.id)).count == 1, "one order for request same-\(round)")
            #expect(results.filter(\.replayed).count == 1, "one execution, one replay")
        }
        let orders = try await cluster.daemons[2].withClient(apiKey: cluster.world.auditorKey) { try await $0.orders(pageSize: 100) }
        #expect(orders.orders.filter { $0.grounds.documentReference == "Trích lục khai tử 3/2026" }.count == accounts.count)
    }

    @Test("a one-time token presented to three daemons at the same moment is allowed at most once; the others are denied as replays")
    func oneTimeTokenOnce() async throws {
        let cluster = try await Cluster()
        for _ in 0..<10 {
            let token = try cluster.world.mint()
            let results = try await withThrowingTaskGroup(of: AuthenticationResult.self) { group in
                for daemon in cluster.daemons { group.addTask { try await cluster.authenticate(on: daemon, token) } }
                return try await group.reduce(into: [AuthenticationResult]()) { $0.append($1) }
            }
            #expect(results.filter { $0.decision == .allow }.count == 1, "\(results.map(\.decision))")
            #expect(results.filter { $0.decision == .deny(.replayed) }.count == 2, "\(results.map(\.decision))")
        }
    }

    @Test("orders from three daemons at once: one audit chain that verifies on each, one status feed numbered without gaps, resumed on one daemon from a sequence another gave")
    func oneChainOneFeed() async throws {
        let cluster = try await Cluster()
        let accounts = (0..<24).map { String(format: "0010990%05d", 50_000 + $0) }
        _ = try await cluster.daemons[0].withClient(apiKey: cluster.world.registryKey, transport: .grpc) { client in
            try await client.importAccounts { writer in
                try await writer.write(accounts.enumerated().map { index, id in
                    AccountImportRecord(line: UInt64(index + 1), id: id, kind: nil, displayName: "Tài khoản \(id)", assuranceLevel: 2, managingOrganizationID: nil)
                })
                return 0
            }
        }
        let before = AuthenticationWorld.statusChangesAtSetUp
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, account) in accounts.enumerated() {
                let daemon = cluster.daemons[index % 3]
                group.addTask {
                    _ = try await daemon.withClient(apiKey: cluster.world.registryKey) {
                        try await $0.lockAccount(account, grounds: OrderGrounds(ground: .deceased, documentReference: "KT \(index)"), requestID: "chain-\(index)")
                    }
                }
            }
            try await group.waitForAll()
        }
        for daemon in cluster.daemons {
            let verification = try await daemon.withClient(apiKey: cluster.world.auditorKey) { try await $0.verifyAuditLog() }
            #expect(verification.intact, "\(verification)")
        }
        let total = before + accounts.count
        let all = try await Self.statusChanges(on: cluster.daemons[2], after: 0, count: total, apiKey: cluster.world.auditorKey)
        #expect(all.map(\.sequence) == (1...UInt64(total)).map { $0 }, "gap-free, in order, each once")
        let midway = all[total / 2].sequence
        let resumed = try await Self.statusChanges(on: cluster.daemons[1], after: midway, count: total - Int(midway), apiKey: cluster.world.auditorKey)
        #expect(resumed.map(\.sequence) == ((midway + 1)...UInt64(total)).map { $0 })
        #expect(Set(all.suffix(accounts.count).map(\.status.accountID.rawValue)) == Set(accounts))
    }

    @Test("a watch on one daemon delivers a change committed through another, without a commit of its own")
    func watchSeesOtherDaemons() async throws {
        let cluster = try await Cluster()
        let before = UInt64(AuthenticationWorld.statusChangesAtSetUp)
        let watcher = Task {
            try await Self.statusChanges(on: cluster.daemons[2], after: before, count: 1, apiKey: cluster.world.auditorKey)
        }
        _ = try await cluster.daemons[0].withClient(apiKey: cluster.world.registryKey) {
            try await $0.lockAccount(AuthenticationWorld.Accounts.loner, grounds: OrderGrounds(ground: .deceased, documentReference: "KT"), requestID: "watched")
        }
        let seen = try await watcher.value
        #expect(seen.map(\.sequence) == [before + 1])
        #expect(seen.first?.status.accountID.rawValue == AuthenticationWorld.Accounts.loner)
    }

    @Test("an overdue lock request is warned of once for the cluster, though every daemon's gauge counts it")
    func deadlineWarnedOnce() async throws {
        let cluster = try await Cluster()
        let (first, second, third) = (cluster.daemons[0], cluster.daemons[1], cluster.daemons[2])
        let requester = try await first.createPrincipal("requester", roles: [.requester], requesterType: .competentAuthority)
        _ = try await first.createPrincipal("police", roles: [.policeApprover])
        let requested = try await second.withClient(apiKey: requester) {
            try await $0.requestLock(AuthenticationWorld.Accounts.loner, grounds: OrderGrounds(ground: .thirdPartyRequest, text: "đề nghị", documentReference: "CV 9"), policeUnit: "ca-ha-noi", requestID: "late")
        }
        try await TestPostgres.psql(try #require(first.databaseURL), "UPDATE orders SET review_deadline_ms = 1000 WHERE id = '\(requested.order.id)'")
        let warning = "lock requests are past their review deadline"
        for daemon in cluster.daemons {
            try await waitUntil("every daemon's gauge to count the overdue request") {
                (try? Self.metric("vneid_lock_requests_overdue", of: daemon)) == 1
            }
        }
        try await waitUntil("one daemon to warn") { cluster.daemons.contains { $0.stderr.contains(warning) } }
        // Every daemon has now counted it at least once; a daemon that warned on its own
        // would have done so by now.
        for daemon in [first, second, third] {
            let before = try Self.metricSamples(of: daemon)
            try await waitUntil("another round on each daemon") { (try? Self.metricSamples(of: daemon)) ?? before > before }
        }
        let warnings = cluster.daemons.map { $0.stderr.components(separatedBy: warning).count - 1 }
        #expect(warnings.reduce(0, +) == 1, "warnings per daemon: \(warnings)")
    }

    // MARK: - Helpers

    static func statusChanges(on daemon: TestDaemon, after: UInt64, count: Int, apiKey: String) async throws -> [StatusChange] {
        let collected = Collected()
        try await daemon.withClient(apiKey: apiKey) { client in
            try await client.watchStatusChanges(afterSequence: after) { change in
                collected.append(change)
                return collected.count < count
            }
        }
        return collected.all
    }

    final class Collected: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [StatusChange] = []
        func append(_ item: StatusChange) { lock.withLock { items.append(item) } }
        var count: Int { lock.withLock { items.count } }
        var all: [StatusChange] { lock.withLock { items } }
    }

    /// The value of gauge `name` on `daemon`'s metrics endpoint.
    static func metric(_ name: String, of daemon: TestDaemon) throws -> Double? {
        let text = try metricsText(of: daemon)
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(name + " ") }) else { return nil }
        return Double(line.split(separator: " ").last ?? "")
    }

    /// How many rounds `daemon`'s deadline monitor has run.
    static func metricSamples(of daemon: TestDaemon) throws -> Double {
        try metric("vneid_deadline_rounds_total", of: daemon) ?? 0
    }

    static func metricsText(of daemon: TestDaemon) throws -> String {
        let address = try String(contentsOfFile: daemon.dataDirectory + "/metrics.address", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let url = try #require(URL(string: "http://\(address)/metrics"))
        return try String(contentsOf: url, encoding: .utf8)
    }
}
