import Foundation
import Testing
import VNeIDClient
import VNeIDTestSupport

/// `vneidd migrate-store`: an embedded deployment copied into PostgreSQL serves on as it did.
@Suite("vneidd migrate-store: an embedded deployment copied into PostgreSQL, whole, with a chain that verifies", .enabled(if: TestPostgres.isAvailable, Comment(rawValue: TestPostgres.unavailableReason)))
struct MigrateStoreTests {
    typealias Accounts = AuthenticationWorld.Accounts

    @Test("accounts, statuses, principals and keys, services, orders, notices, history, spent tokens and the audit log come across; the chain verifies; a second copy into the same database is refused")
    func copiesEverything() async throws {
        // An embedded deployment, with history and a spent one-time token.
        let world = try await AuthenticationWorld(database: nil)
        let spent = try world.mint(AuthenticationWorld.claims(Accounts.driver))
        #expect(try await world.authenticate(spent).decision == .allow)
        #expect(try await world.authenticate(try world.mint(AuthenticationWorld.claims(Accounts.deceased))).decision == .deny(.accountLocked))
        let before = try await Self.picture(of: world.daemon, world)
        try await world.daemon.stop()

        let database = try await TestPostgres.newDatabase()
        let copy = try await ProcessRunner.run(Binaries.daemon, ["migrate-store", "--from", world.daemon.dataDirectory, "--to", database], in: world.daemon.directory)
        #expect(copy.status == 0, "\(copy.stderr)")
        #expect(copy.stdout.contains("audit chain verified"), "\(copy.stdout)")
        #expect(copy.stdout.contains("accounts: 8"), "\(copy.stdout)")

        // The same data directory (its admin key and audit key), now on PostgreSQL.
        let moved = try await TestDaemon(directory: world.daemon.directory, arguments: world.trustArguments, database: database)
        let after = try await Self.picture(of: moved, world)
        #expect(after == before)
        let replay = try await moved.withClient(apiKey: world.portalKey) { try await $0.authenticate(token: spent, service: "border-portal") }
        #expect(replay.decision == .deny(.replayed), "the spent token stays spent")
        let verification = try await moved.withClient(apiKey: world.auditorKey) { try await $0.verifyAuditLog() }
        #expect(verification.intact)
        let settled = try await Self.picture(of: moved, world)

        // Into a database that holds data already: refused, and nothing changes.
        let again = try await ProcessRunner.run(Binaries.daemon, ["migrate-store", "--from", world.daemon.dataDirectory, "--to", database], in: world.daemon.directory)
        #expect(again.status == 1)
        #expect(again.stderr.contains("nothing was copied") && again.stderr.contains("new, empty database"), "\(again.stderr)")
        #expect(try await Self.picture(of: moved, world) == settled)
    }

    @Test("a password in the URL, a missing data directory and a non-PostgreSQL target are refused with what to do")
    func badArguments() async throws {
        let directory = try TemporaryDirectory()
        let withPassword = try await ProcessRunner.run(Binaries.daemon, ["migrate-store", "--from", directory.path, "--to", "postgresql://u:secret@127.0.0.1/db"], in: directory)
        #expect(withPassword.status == 2)
        let missing = try await ProcessRunner.run(Binaries.daemon, ["migrate-store", "--from", directory.path + "/nowhere", "--to", "postgresql://u@127.0.0.1/db"], in: directory)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no embedded store"), "\(missing.stderr)")
        #expect(!withPassword.stderr.contains("secret"), "the password is never echoed: \(withPassword.stderr)")
    }

    /// What an official sees of a deployment: statuses, principals, services, orders,
    /// notices, history, and the audit log's head.
    static func picture(of daemon: TestDaemon, _ world: AuthenticationWorld) async throws -> String {
        let admin = try daemon.adminKey
        var lines: [String] = []
        try await daemon.withClient(apiKey: admin) { client in
            lines.append("principals: \(try await client.principals(includeRevoked: true).map { "\($0.name) \($0.roles.sorted()) \($0.apiKeys.map(\.id))" })")
            lines.append("services: \(try await client.services())")
        }
        try await daemon.withClient(apiKey: world.auditorKey) { client in
            for account in [Accounts.driver, Accounts.deceased, Accounts.suspended, Accounts.dissolvedCompany] {
                lines.append("status \(account): \(try await client.accountStatus(id: account))")
            }
            let orders = try await client.orders(pageSize: 100).orders
            lines.append("orders: \(orders.map { "\($0.id) \($0.state) \($0.notices.map(\.id))" })")
            lines.append("history: \(try await client.authenticationHistory(accountID: Accounts.driver).records.map { "\($0.sequence) \($0.outcome)" })")
            let head = try await client.auditHead()
            lines.append("audit head: \(head.sequence) \(head.hash)")
            lines.append("audit entries: \(try await client.auditEntries(pageSize: 1000).entries.count)")
        }
        return lines.joined(separator: "\n")
    }
}
