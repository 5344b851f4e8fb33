import Foundation
import Testing
import VNeIDClient
import VNeIDTestSupport

/// How `vneidd --database` reaches PostgreSQL: TLS verified against a CA and the host's
/// name, and precise refusals at start for what an operator can get wrong.
@Suite("vneidd --database: TLS to PostgreSQL, and what is refused at start", .enabled(if: TestPostgres.isAvailable, Comment(rawValue: TestPostgres.unavailableReason)))
struct PostgresConnectionTests {
    @Test("sslmode=verify-full with the server's CA: the daemon serves over TLS connections; an unrelated CA, a wrong database and a password in the URL stop the start with exit 2 and what to do")
    func verifiedTLS() async throws {
        let files = try TemporaryDirectory()
        let certificates = try TestCertificates(in: files.path)
        let server = try await TestPostgresServer.started(tls: (certificates.serverCertificatePath, certificates.serverKeyPath))
        try await TestPostgres.psql(server.url, "CREATE DATABASE vneid")
        let verified = "postgresql://postgres@localhost:\(server.port)/vneid?sslmode=verify-full&sslrootcert=\(certificates.caPath)"
        let daemon = try await TestDaemon(database: verified)
        _ = try await daemon.withClient(apiKey: try daemon.adminKey) { try await $0.principals() }
        let encrypted = try await TestPostgres.query(server.url, """
            SELECT bool_and(s.ssl) FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid) WHERE a.datname = 'vneid'
            """)
        #expect(encrypted.first?.first == "t", "every connection of the daemon is TLS: \(encrypted)")

        let unrelatedCA = "postgresql://postgres@localhost:\(server.port)/vneid?sslmode=verify-full&sslrootcert=\(certificates.strangerCertificatePath)"
        let untrusted = try await Self.failedStart(database: unrelatedCA)
        #expect(untrusted.status == 2)
        #expect(untrusted.log.contains("TLS"), "\(untrusted.log)")

        let missing = try await Self.failedStart(database: "postgresql://postgres@127.0.0.1:\(server.port)/nowhere?sslmode=disable")
        #expect(missing.status == 2)
        #expect(missing.log.contains("nowhere") && missing.log.contains("does not exist"), "\(missing.log)")

        let withPassword = try await Self.failedStart(database: "postgresql://postgres:hunter2@127.0.0.1:\(server.port)/vneid")
        #expect(withPassword.status == 2)
        #expect(withPassword.log.contains("--database-password-file") && !withPassword.log.contains("hunter2"), "\(withPassword.log)")
    }

    /// Starts a daemon that must not start, and returns its exit status and log.
    static func failedStart(database: String) async throws -> (status: Int32, log: String) {
        let directory = try TemporaryDirectory()
        let process = try await ProcessRunner.start(
            Binaries.daemon, ["--data-dir", directory.path + "/data", "--listen", "127.0.0.1:0", "--database", database],
            stdoutPath: directory.path + "/out", stderrPath: directory.path + "/err"
        )
        let status = try await process.wait(timeout: .seconds(30))
        return (status, (try? String(contentsOfFile: directory.path + "/err", encoding: .utf8)) ?? "")
    }
}
