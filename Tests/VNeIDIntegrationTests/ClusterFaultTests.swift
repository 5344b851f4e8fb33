import Foundation
import Testing
import VNeIDClient
import VNeIDTestSupport

/// Daemons on one PostgreSQL when things go wrong: the database restarting under load, a
/// daemon killed in a burst of orders.
@Suite("Faults on a PostgreSQL cluster: the database restarted under load, a daemon killed mid-burst", .enabled(if: TestPostgres.isAvailable, Comment(rawValue: TestPostgres.unavailableReason)))
struct ClusterFaultTests {
    /// Locks `accounts` through `daemons` in turn, `concurrency` at a time, until `stop`
    /// says so or every account is locked; records what was acknowledged and what failed.
    final class OrderLoad: @unchecked Sendable {
        private let lock = NSLock()
        private var acknowledged: [String: String] = [:]
        private var failures: [VNeIDClientError.Code] = []
        private var failedAccounts: Set<String> = []
        /// Failures that were not the client's errors (none expected).
        private var others: [String] = []
        var otherFailures: [String] { lock.withLock { others } }
        private var stopped = false

        var acknowledgedCount: Int { lock.withLock { acknowledged.count } }
        var failureCodes: [VNeIDClientError.Code] { lock.withLock { failures } }
        var orders: [String: String] { lock.withLock { acknowledged } }
        var failed: Set<String> { lock.withLock { failedAccounts } }
        func stop() { lock.withLock { stopped = true } }
        var isStopped: Bool { lock.withLock { stopped } }

        func run(_ accounts: [String], through daemons: [TestDaemon], apiKey: String, concurrency: Int) async {
            let next = Counter()
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<concurrency {
                    group.addTask {
                        while !self.isStopped, let index = next.take(below: accounts.count) {
                            let account = accounts[index]
                            let daemon = daemons[index % daemons.count]
                            do {
                                let result = try await daemon.withClient(apiKey: apiKey) {
                                    try await $0.lockAccount(account, grounds: OrderGrounds(ground: .deceased, documentReference: "KT \(account)"), requestID: "load-\(account)")
                                }
                                self.lock.withLock { self.acknowledged[account] = result.order.id }
                            } catch let error as VNeIDClientError {
                                self.lock.withLock {
                                    self.failures.append(error.code)
                                    self.failedAccounts.insert(account)
                                }
                            } catch {
                                self.lock.withLock {
                                    self.others.append("\(error)")
                                    self.failedAccounts.insert(account)
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        func take(below limit: Int) -> Int? {
            lock.withLock {
                guard value < limit else { return nil }
                defer { value += 1 }
                return value
            }
        }
    }

    static func importAccounts(_ count: Int, through daemon: TestDaemon, registryKey: String, base: Int) async throws -> [String] {
        let accounts = (0..<count).map { String(format: "00109%07d", base + $0) }
        _ = try await daemon.withClient(apiKey: registryKey, transport: .grpc) { client in
            try await client.importAccounts { writer in
                try await writer.write(accounts.enumerated().map { index, id in
                    AccountImportRecord(line: UInt64(index + 1), id: id, kind: nil, displayName: "Tài khoản \(id)", assuranceLevel: 2, managingOrganizationID: nil)
                })
                return 0
            }
        }
        return accounts
    }

    @Test("PostgreSQL stopped under load: calls fail with UNAVAILABLE, never hang; started again, the daemons recover by themselves; nothing acknowledged is lost, and retried requests execute once")
    func databaseRestarted() async throws {
        let server = try await TestPostgresServer.started()
        try await TestPostgres.psql(server.url, "CREATE DATABASE vneid")
        let database = try TestPostgres.url(server.url, database: "vneid")
        let world = try await AuthenticationWorld(database: database)
        let second = try await TestDaemon(arguments: world.trustArguments, database: database)
        let daemons = [world.daemon, second]
        let accounts = try await Self.importAccounts(400, through: world.daemon, registryKey: world.registryKey, base: 1_000)

        let load = OrderLoad()
        let running = Task { await load.run(accounts, through: daemons, apiKey: world.registryKey, concurrency: 4) }
        try await waitUntil("some orders acknowledged before the database stops") { load.acknowledgedCount >= 20 }
        try await server.stop()
        try await waitUntil("calls to fail while the database is down") { load.failed.count >= 8 }
        let acknowledgedWhileDown = load.acknowledgedCount
        try await server.start()
        try await waitUntil("the daemons to serve again by themselves", within: .seconds(60)) { load.acknowledgedCount >= acknowledgedWhileDown + 20 }
        load.stop()
        await running.value

        #expect(Set(load.failureCodes) == [.unavailable], "every failure while the database was down is UNAVAILABLE: \(Set(load.failureCodes))")
        #expect(load.otherFailures.isEmpty, "\(load.otherFailures.prefix(3))")
        // Everything acknowledged is there, through the other daemon.
        let orders = load.orders
        try await second.withClient(apiKey: world.auditorKey) { client in
            for (account, orderID) in orders {
                let order = try await client.order(id: orderID)
                #expect(order.accountID.rawValue == account && order.state == .executed)
            }
        }
        // A request that failed is retried with its id: it executes once, whether or not
        // its first try had committed.
        for account in load.failed {
            let retried = try await world.daemon.withClient(apiKey: world.registryKey) {
                try await $0.lockAccount(account, grounds: OrderGrounds(ground: .deceased, documentReference: "KT \(account)"), requestID: "load-\(account)")
            }
            #expect(retried.order.accountID.rawValue == account)
        }
        let verification = try await second.withClient(apiKey: world.auditorKey) { try await $0.verifyAuditLog() }
        #expect(verification.intact)
        let locked = try await second.withClient(apiKey: world.auditorKey) { try await $0.orders(OrderFilter(kind: .lock), pageSize: 1000) }
        #expect(Set(locked.orders.map(\.accountID)).count == locked.orders.count, "one lock per account")
    }

    @Test("a daemon killed with SIGKILL in a burst of orders through three daemons: the others go on, nothing acknowledged is lost, the chain verifies")
    func daemonKilled() async throws {
        let database = try await TestPostgres.newDatabase()
        let world = try await AuthenticationWorld(database: database)
        let daemons = [world.daemon, try await TestDaemon(arguments: world.trustArguments, database: database), try await TestDaemon(arguments: world.trustArguments, database: database)]
        let accounts = try await Self.importAccounts(300, through: world.daemon, registryKey: world.registryKey, base: 5_000)

        let load = OrderLoad()
        let running = Task { await load.run(accounts, through: daemons, apiKey: world.registryKey, concurrency: 6) }
        try await waitUntil("some orders acknowledged") { load.acknowledgedCount >= 30 }
        daemons[2].process.signal(SIGKILL)
        await running.value

        #expect(load.acknowledgedCount >= 200, "the two others went on: \(load.acknowledgedCount) acknowledged")
        let orders = load.orders
        try await daemons[0].withClient(apiKey: world.auditorKey) { client in
            for (account, orderID) in orders {
                let order = try await client.order(id: orderID)
                #expect(order.accountID.rawValue == account && order.state == .executed)
            }
        }
        for account in load.failed {
            let retried = try await daemons[1].withClient(apiKey: world.registryKey) {
                try await $0.lockAccount(account, grounds: OrderGrounds(ground: .deceased, documentReference: "KT \(account)"), requestID: "load-\(account)")
            }
            #expect(retried.order.accountID.rawValue == account)
        }
        for daemon in daemons.prefix(2) {
            #expect(try await daemon.withClient(apiKey: world.auditorKey) { try await $0.verifyAuditLog() }.intact)
        }
    }
}
