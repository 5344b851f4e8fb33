import Foundation

/// The throwaway PostgreSQL server `tools/test` starts for the tests, named by
/// `VNEID_TEST_POSTGRES_URL` (a `postgresql://` URL of a database the tests may create
/// databases from, with no password: the server trusts loopback).
public enum TestPostgres {
    /// Whether the tests run with a server (tools/test's PostgreSQL step sets it; the
    /// suites that need one are skipped, saying why, in a run without it).
    public static var isAvailable: Bool {
        !(ProcessInfo.processInfo.environment["VNEID_TEST_POSTGRES_URL"] ?? "").isEmpty
    }

    /// Why a suite that needs the server is skipped.
    public static let unavailableReason = "needs the throwaway PostgreSQL server that tools/test starts (VNEID_TEST_POSTGRES_URL)"

    /// The server's URL; fails with what to do when the tests run without one.
    public static func serverURL() throws -> String {
        guard let url = ProcessInfo.processInfo.environment["VNEID_TEST_POSTGRES_URL"], !url.isEmpty else {
            throw TestFailure("VNEID_TEST_POSTGRES_URL is not set: run the tests with tools/test, which starts a throwaway PostgreSQL server and sets it")
        }
        return url
    }

    /// Creates a new, empty database on the server and returns its URL.
    public static func newDatabase() async throws -> String {
        let server = try serverURL()
        let name = "vneid_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await psql(server, "CREATE DATABASE \(name)")
        return try url(server, database: name)
    }

    /// Runs one SQL command with psql against `url`, failing with psql's own words.
    public static func psql(_ url: String, _ sql: String) async throws {
        _ = try await run([url, "-c", sql], describing: sql)
    }

    /// Runs psql with `arguments`, returning what it printed; fails with its own words.
    private static func run(_ arguments: [String], describing sql: String) async throws -> String {
        let directory = try TemporaryDirectory()
        let output = directory.path + "/psql.out"
        let errors = directory.path + "/psql.err"
        let psql = try await ChildProcess.start(
            "/usr/bin/env", ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1"] + arguments, environment: ProcessInfo.processInfo.environment,
            stdoutPath: output, stderrPath: errors
        )
        guard try await psql.wait(timeout: .seconds(120)) == 0 else {
            throw TestFailure("psql \(sql) failed: \((try? String(contentsOfFile: errors, encoding: .utf8)) ?? "")")
        }
        return try String(contentsOfFile: output, encoding: .utf8)
    }

    /// The rows `sql` selects on `url`, each column as text, `nil` for NULL.
    public static func query(_ url: String, _ sql: String) async throws -> [[String?]] {
        let null = "\u{1}NULL\u{1}"
        let output = try await run(["-A", "-t", "-F", "\u{1F}", "-R", "\u{1E}", "-P", "null=\(null)", url, "-c", sql], describing: sql)
        let text = output.hasSuffix("\n") ? String(output.dropLast()) : output
        guard !text.isEmpty else { return [] }
        return text.split(separator: "\u{1E}", omittingEmptySubsequences: false).map { row in
            row.split(separator: "\u{1F}", omittingEmptySubsequences: false).map { $0 == null ? nil : String($0) }
        }
    }

    /// `server` with its database replaced by `database`.
    public static func url(_ server: String, database: String) throws -> String {
        guard var components = URLComponents(string: server) else { throw TestFailure("VNEID_TEST_POSTGRES_URL '\(server)' is not a URL") }
        components.path = "/" + database
        guard let text = components.string else { throw TestFailure("cannot name database \(database) on \(server)") }
        return text
    }
}
