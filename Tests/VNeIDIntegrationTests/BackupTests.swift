import Foundation
import Synchronization
import Testing
import VNeIDClient
import VNeIDTestSupport

/// Backups an operator can trust: taken while the daemon serves, restored by a new daemon.
@Suite("Backup and restore")
struct BackupTests {
    typealias Accounts = AuthenticationWorld.Accounts

    @Test("a backup taken under load restores into a daemon whose audit chain verifies to the backup's head and holds every order acknowledged before it began")
    func backupUnderLoad() async throws {
        let world = try await AuthenticationWorld()
        let daemon = world.daemon
        let acknowledged = Acknowledged()
        let stop = ManagedFlag()
        // Given: orders and authentications going on.
        let load = Task {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for account in [Accounts.loner, Accounts.driver] {
                    group.addTask {
                        try await daemon.withClient(apiKey: world.commanderKey) { client in
                            var step = 0
                            while !stop.isSet {
                                let grounds = OrderGrounds(ground: step % 2 == 0 ? .securityRisk : .riskResolved, text: "sao lưu")
                                let result = step % 2 == 0
                                    ? try await client.suspendLogin(account, grounds: grounds, requestID: "\(account)-\(step)")
                                    : try await client.restoreLogin(account, grounds: grounds, requestID: "\(account)-\(step)")
                                acknowledged.add(result.order.id)
                                step += 1
                            }
                        }
                    }
                }
                group.addTask {
                    while !stop.isSet { _ = try await world.authenticate(try world.mint()) }
                }
                try await group.waitForAll()
            }
        }
        try await eventually { acknowledged.all.count >= 20 }

        // When: an auditor backs the database up meanwhile.
        let began = ContinuousClock.now
        let file = daemon.directory.path + "/backup.sqlite"
        let outcome = try await daemon.cli(["backup", file, "--json"], apiKey: world.auditorKey)
        // The load went on through the backup.
        try await eventually { acknowledged.all.last.map { $0.at > began } ?? false }
        stop.set()
        try await load.value
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        let head = try #require(summary["audit_head_sequence"] as? Int)
        #expect(head > 0)

        // Then: a daemon started from the copy verifies its chain to the backup's head,
        let restored = try await TestDaemon(arguments: ["--restore", file])
        #expect(restored.stderr.contains("restored the database from \(file)"))
        try await restored.withClient(apiKey: world.auditorKey) { client in
            let verification = try await client.verifyAuditLog()
            #expect(verification.intact)
            #expect(verification.headSequence == UInt64(head))
            #expect(verification.headHash == summary["audit_head_hash"] as? String)
            // and holds every order acknowledged before the backup began.
            let before = acknowledged.all.filter { $0.at < began }.map(\.id)
            #expect(!before.isEmpty)
            for id in before { _ = try await client.order(id: id) }
        }
    }

    @Test("--restore refuses a file that is not a VNeID database, and changes nothing", arguments: [
        ("garbage.sqlite", "not a readable SQLite database"),
    ])
    func restoreRefusesGarbage(_ name: String, _ expected: String) async throws {
        let directory = try TemporaryDirectory()
        let file = try directory.file(name, contents: String(repeating: "not a database\n", count: 100))
        let outcome = try await ProcessRunner.run(Binaries.daemon, ["--data-dir", directory.path + "/d", "--listen", "127.0.0.1:0", "--restore", file], in: directory)
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains(expected), "\(outcome.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.path + "/d/vneid.sqlite"))
    }
}

/// Orders acknowledged to the load, with when.
private final class Acknowledged: Sendable {
    private let orders = Mutex<[(id: String, at: ContinuousClock.Instant)]>([])

    var all: [(id: String, at: ContinuousClock.Instant)] { orders.withLock { $0 } }

    func add(_ id: String) {
        let now = ContinuousClock.now
        orders.withLock { $0.append((id, now)) }
    }
}
