import Foundation
import Synchronization
import Testing
import VNeIDClient
import VNeIDTestSupport

/// Fresh daemons hit right after start by bursts of concurrent calls that all miss the
/// caches at once, then a mixed load of every kind of work. A daemon that blocks the Swift
/// concurrency pool on storage stops answering here (it did, in 4 of 5 fresh daemons).
@Suite("Cold bursts and mixed load on fresh daemons", .serialized)
struct ColdBurstTests {
    typealias Accounts = AuthenticationWorld.Accounts

    /// Fresh daemons per run.
    static let rounds = 5
    /// Concurrent calls of each kind in one burst (five kinds: 320 calls in flight).
    static let callsPerKind = 64
    /// The deadline of every call: generous, but a stall never ends within it.
    static let deadline: Duration = .seconds(15)
    /// How long the mixed load runs.
    static let mixedLoad: Duration = .seconds(60)

    @Test("every call of a cold burst completes within its deadline, and health answers throughout, in each of 5 fresh daemons")
    func coldBursts() async throws {
        let world = try await AuthenticationWorld()
        let stage = try await BurstStage(world: world)
        for round in 1...Self.rounds {
            // Given: a daemon just restarted, so every cache is empty and no key has been used.
            try await world.daemon.stop()
            try await world.daemon.restart()
            // When: hundreds of calls arrive at once.
            let failures = try await withHealthProbe(world.daemon) {
                try await stage.burst(round: round)
            }
            // Then: each one completed within its deadline.
            #expect(failures.isEmpty, "round \(round): \(failures.count) calls failed, first: \(failures.prefix(3))")
        }
    }

    @Test("a mixed minute of orders, authentication, watches, history reads and imports completes without an error", .timeLimit(.minutes(3)))
    func mixedMinute() async throws {
        let world = try await AuthenticationWorld()
        let stage = try await BurstStage(world: world)
        try await world.daemon.stop()
        try await world.daemon.restart()
        let summary = try await withHealthProbe(world.daemon) {
            try await stage.mixed(for: Self.mixedLoad)
        }
        #expect(summary.failures.isEmpty, "\(summary.failures.count) calls failed, first: \(summary.failures.prefix(3))")
        #expect(summary.orders > 0 && summary.authentications > 0 && summary.historyReads > 0 && summary.imports > 0)
        // The watch saw every status change the orders made, in order, without a gap.
        #expect(summary.watchedChanges == AuthenticationWorld.statusChangesAtSetUp + summary.orders)
    }

    /// Runs `body` while another connection asks for health back to back; fails if any
    /// health check does not answer SERVING within two seconds.
    private func withHealthProbe<T: Sendable>(_ daemon: TestDaemon, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        var configuration = try daemon.configuration(apiKey: nil)
        configuration.timeout = .seconds(2)
        return try await VNeIDClient.withConnection(configuration) { health in
            try await withThrowingTaskGroup(of: T?.self) { group in
                group.addTask { try await body() }
                group.addTask {
                    var checks = 0
                    while !Task.isCancelled {
                        do {
                            let status = try await health.health()
                            #expect(status == .serving)
                        } catch where Task.isCancelled {
                            break
                        } catch {
                            Issue.record("health check \(checks + 1) failed during the load: \(error)")
                            break
                        }
                        checks += 1
                    }
                    return nil
                }
                var result: T?
                while let next = try await group.next() {
                    if let next {
                        result = next
                        group.cancelAll()
                    }
                }
                return try #require(result)
            }
        }
    }
}

/// Accounts, principals and keys for the bursts, made once through the real API.
private struct BurstStage: Sendable {
    static let accountCount = 1_000

    let world: AuthenticationWorld
    let accountIDs: [String]
    /// API keys of AUDITOR principals, never used before the burst that uses them.
    let freshKeys: [[String]]

    init(world: AuthenticationWorld) async throws {
        self.world = world
        let ids = (0..<Self.accountCount).map { String(format: "0011%08d", $0) }
        accountIDs = ids
        _ = try await world.daemon.withClient(apiKey: world.registryKey) { client in
            try await client.importAccounts { writer in
                try await writer.write(ids.enumerated().map { line, id in
                    AccountImportRecord(line: UInt64(line + 1), id: id, kind: nil, displayName: "Người thử \(line)", assuranceLevel: 2, managingOrganizationID: nil)
                })
                return 0
            }
        }
        var keys: [[String]] = []
        for round in 1...ColdBurstTests.rounds {
            var roundKeys: [String] = []
            for index in 0..<16 {
                roundKeys.append(try await world.daemon.createPrincipal("burst-\(round)-\(index)", roles: [.auditor]))
            }
            keys.append(roundKeys)
        }
        freshKeys = keys
    }

    private func client<T: Sendable>(_ apiKey: String, _ body: (VNeIDClient) async throws -> T) async throws -> T {
        var configuration = try world.daemon.configuration(apiKey: apiKey)
        configuration.timeout = ColdBurstTests.deadline
        return try await VNeIDClient.withConnection(configuration, body)
    }

    /// One burst: Authenticate with fresh tokens, GetAccountStatus, BatchGetAccountStatus,
    /// ListAuthenticationHistory, all at once on four connections, and WhoAmI with 16 keys
    /// never used before, four calls each on a connection of its own. Returns the failures.
    func burst(round: Int) async throws -> [String] {
        let tokens = try (0..<ColdBurstTests.callsPerKind).map { index in
            try world.mint(AuthenticationWorld.claims(accountIDs[(round * 97 + index) % accountIDs.count]))
        }
        let ids = accountIDs
        let calls = ColdBurstTests.callsPerKind
        return try await withThrowingTaskGroup(of: [String].self) { group in
            group.addTask {
                try await client(world.portalKey) { client in
                    await Self.concurrently(calls) { index in
                        let result = try await client.authenticate(token: tokens[index], service: "border-portal")
                        guard result.decision == .allow else { throw TestFailure("Authenticate denied: \(result.decision)") }
                    }
                }
            }
            group.addTask {
                try await client(world.auditorKey) { client in
                    await Self.concurrently(calls) { index in
                        _ = try await client.accountStatus(id: ids[(round * 31 + index * 7) % ids.count])
                    }
                }
            }
            group.addTask {
                try await client(world.auditorKey) { client in
                    await Self.concurrently(calls) { index in
                        let batch = (0..<20).map { ids[(round * 13 + index * 20 + $0) % ids.count] }
                        _ = try await client.accountStatuses(ids: batch)
                    }
                }
            }
            group.addTask {
                try await client(world.auditorKey) { client in
                    await Self.concurrently(calls) { index in
                        _ = try await client.authenticationHistory(accountID: ids[(round * 53 + index) % ids.count])
                    }
                }
            }
            for key in freshKeys[round - 1] {
                group.addTask {
                    try await client(key) { client in
                        await Self.concurrently(calls / 16) { _ in _ = try await client.whoAmI() }
                    }
                }
            }
            var failures: [String] = []
            for try await batch in group { failures += batch }
            return failures
        }
    }

    /// What the mixed load did.
    struct MixedSummary: Sendable {
        var failures: [String] = []
        var orders = 0
        var authentications = 0
        var historyReads = 0
        var imports = 0
        var watchedChanges = 0
    }

    /// Runs orders, authentications, history reads, imports and a status watch side by
    /// side for `duration`.
    func mixed(for duration: Duration) async throws -> MixedSummary {
        let end = ContinuousClock.now + duration
        let ids = accountIDs
        let world = self.world
        let counted = Counted()
        let tally = WatchTally()
        async let watched: Void = client(world.auditorKey) { client in
            try await client.watchStatusChanges { change in try tally.see(change.sequence) }
        }
        await withTaskGroup(of: Void.self) { group in
            // Orders: a commander suspends and restores its own accounts, one durable order each.
            for worker in 0..<4 {
                group.addTask {
                    await counted.run(until: end, kind: .orders) { step in
                        try await client(world.commanderKey) { client in
                            let account = ids[worker]
                            if step % 2 == 0 {
                                _ = try await client.suspendLogin(account, grounds: OrderGrounds(ground: .securityRisk, text: "tải hỗn hợp"), requestID: "mixed-\(worker)-\(step)")
                            } else {
                                _ = try await client.restoreLogin(account, grounds: OrderGrounds(ground: .riskResolved, text: "tải hỗn hợp"), requestID: "mixed-\(worker)-\(step)")
                            }
                        }
                    }
                }
            }
            for worker in 0..<4 {
                group.addTask {
                    await counted.run(until: end, kind: .authentications) { step in
                        let token = try world.mint(AuthenticationWorld.claims(ids[100 + (worker * 211 + step) % 800]))
                        _ = try await client(world.portalKey) { try await $0.authenticate(token: token, service: "border-portal") }
                    }
                }
            }
            for worker in 0..<2 {
                group.addTask {
                    await counted.run(until: end, kind: .historyReads) { step in
                        _ = try await client(world.auditorKey) { try await $0.authenticationHistory(accountID: ids[100 + (worker * 389 + step) % 800]) }
                    }
                }
            }
            group.addTask {
                await counted.run(until: end, kind: .imports) { step in
                    _ = try await client(world.registryKey) { client in
                        try await client.importAccounts { writer in
                            try await writer.write((0..<200).map { line in
                                AccountImportRecord(line: UInt64(line + 1), id: String(format: "0022%04d%04d", step % 10_000, line), kind: nil, displayName: "Nhập \(step)", assuranceLevel: 1, managingOrganizationID: nil)
                            })
                            return 0
                        }
                    }
                }
            }
        }
        // The watch has seen every change once it sees the change of one last order.
        var summary = counted.summary
        let changesBefore = AuthenticationWorld.statusChangesAtSetUp + summary.orders
        tally.stop(atSequence: UInt64(changesBefore + 1))
        _ = try await client(world.commanderKey) { client in
            try await client.suspendLogin(ids[10], grounds: OrderGrounds(ground: .securityRisk, text: "lệnh cuối"), requestID: "mixed-last")
        }
        try await watched
        summary.watchedChanges = tally.seen - 1
        return summary
    }

    /// Runs `count` calls at once and returns a line for each that failed.
    static func concurrently(_ count: Int, _ call: @escaping @Sendable (Int) async throws -> Void) async -> [String] {
        await withTaskGroup(of: String?.self) { group in
            for index in 0..<count {
                group.addTask {
                    do { try await call(index); return nil } catch { return "call \(index): \(error)" }
                }
            }
            var failures: [String] = []
            for await failure in group { if let failure { failures.append(failure) } }
            return failures
        }
    }
}

/// Counts what the mixed load's workers did, and what failed.
private final class Counted: Sendable {
    enum Kind: Sendable { case orders, authentications, historyReads, imports }

    private let state = Mutex(BurstStage.MixedSummary())

    var summary: BurstStage.MixedSummary { state.withLock { $0 } }

    /// Repeats `step` until `end`, counting each success under `kind` and each failure.
    func run(until end: ContinuousClock.Instant, kind: Kind, _ step: @Sendable (Int) async throws -> Void) async {
        var index = 0
        while ContinuousClock.now < end {
            do {
                try await step(index)
                state.withLock { summary in
                    switch kind {
                    case .orders: summary.orders += 1
                    case .authentications: summary.authentications += 1
                    case .historyReads: summary.historyReads += 1
                    case .imports: summary.imports += 1
                    }
                }
            } catch {
                let line = "\(kind) step \(index): \(error)"
                state.withLock { $0.failures.append(line) }
            }
            index += 1
        }
    }
}

/// What a status watch has seen: each change must follow the previous one without a gap.
private final class WatchTally: Sendable {
    private struct State {
        var last: UInt64 = 0
        var seen = 0
        var stopAt = UInt64.max
    }

    private let state = Mutex(State())

    var seen: Int { state.withLock { $0.seen } }

    /// Ends the watch once it has seen `sequence`.
    func stop(atSequence sequence: UInt64) { state.withLock { $0.stopAt = sequence } }

    /// Notes a change; returns whether to go on watching.
    func see(_ sequence: UInt64) throws -> Bool {
        try state.withLock { state in
            guard sequence == state.last + 1 else {
                throw TestFailure("the watch skipped from sequence \(state.last) to \(sequence)")
            }
            state.last = sequence
            state.seen += 1
            return sequence < state.stopAt
        }
    }
}
