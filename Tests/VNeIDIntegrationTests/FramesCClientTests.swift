import Foundation
import Testing
import VNeIDClient
import VNeIDTestSupport

@Suite("The C client on libprotobuf-c: built with make, its own tests against a real daemon (under valgrind when installed), vneid-check")
struct FramesCClientTests {
    typealias Accounts = AuthenticationWorld.Accounts

    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let source = packageRoot + "/Sources/CVNeIDClient"
    static let build = packageRoot + "/.build-c"
    static let sanitizedBuild = packageRoot + "/.build-c-asan"

    /// Builds the C client with plain make, as a vendor would, and again with
    /// AddressSanitizer and UndefinedBehaviorSanitizer; once per test process.
    static let built = Task<Void, any Error> {
        let logs = try TemporaryDirectory()
        for arguments in [["BUILD=\(build)"], ["BUILD=\(sanitizedBuild)", "SANITIZE=1"]] {
            let make = try await ProcessRunner.run("/usr/bin/env", ["make", "-s", "-C", source] + arguments, timeout: .seconds(600), in: logs)
            guard make.status == 0 else {
                throw TestFailure("make \(arguments) failed (install libprotobuf-c-dev and libssl-dev):\n\(make.stdout)\(make.stderr)")
            }
        }
    }

    /// valgrind's command line when it is installed: every leak and memory error fails.
    static let valgrind: [String] = FileManager.default.isExecutableFile(atPath: "/usr/bin/valgrind")
        ? ["/usr/bin/valgrind", "--quiet", "--error-exitcode=99", "--leak-check=full", "--errors-for-leak-kinds=definite,indirect", "--show-leak-kinds=definite,indirect"]
        : []

    /// Runs the C client's own tests against `world`: under valgrind (when installed), or
    /// the sanitized build.
    static func runClientTests(_ world: AuthenticationWorld, tls: [String: String] = [:], sanitized: Bool = false) async throws -> ProcessOutcome {
        try await built.value
        let token = try world.mint(AuthenticationWorld.claims(Accounts.loner))
        let environment = [
            "VNEID_SERVER": try world.daemon.framesAddress, "VNEID_API_KEY": world.portalKey, "VNEID_AUDITOR_KEY": world.auditorKey,
            "VNEID_TOKEN": token, "VNEID_ACTIVE_ACCOUNT": Accounts.loner, "VNEID_LOCKED_ACCOUNT": Accounts.deceased,
            "VNEID_CHANGES": "\(AuthenticationWorld.statusChangesAtSetUp)",
            // valgrind makes a TLS handshake tens of times slower, and the suite shares the cores.
            "VNEID_TIMEOUT_MS": "60000",
        ].merging(tls) { $1 }
        let command = sanitized ? [sanitizedBuild + "/vneid-client-test"] : valgrind + [build + "/vneid-client-test"]
        return try await ProcessRunner.run(command[0], Array(command.dropFirst()), environment: environment, in: world.daemon.directory)
    }

    @Test("the C client's tests pass over plaintext: statuses, batches, Authenticate and replay, refusals with their codes and messages, a watch stopped and resumed, a deadline; no leak")
    func plaintext() async throws {
        let world = try await AuthenticationWorld()
        let outcome = try await Self.runClientTests(world)
        #expect(outcome.status == 0, "\(outcome.stdout)\n\(outcome.stderr)")
        #expect(outcome.stdout.contains("checks passed"))
    }

    @Test("the C client's tests pass under AddressSanitizer and UndefinedBehaviorSanitizer too")
    func sanitized() async throws {
        let world = try await AuthenticationWorld()
        let outcome = try await Self.runClientTests(world, sanitized: true)
        #expect(outcome.status == 0, "\(outcome.stdout)\n\(outcome.stderr)")
        #expect(outcome.stdout.contains("checks passed"))
    }

    @Test("and over mutual TLS, with the daemon's CA and a client certificate")
    func mutualTLS() async throws {
        let directory = try TemporaryDirectory()
        let certificates = try TestCertificates(in: directory.path)
        let world = try await AuthenticationWorld(
            daemonArguments: [
                "--tls-cert", certificates.serverCertificatePath, "--tls-key", certificates.serverKeyPath,
                "--tls-client-ca", certificates.caPath,
                // valgrind's TLS handshake on cores the whole suite shares can pass 10 s.
                "--limit", "handshake-timeout=60",
            ],
            clientTLS: (
                VNeIDClientConfiguration.TLS(trustedCAPath: certificates.caPath, clientCertificatePath: certificates.clientCertificatePath, clientKeyPath: certificates.clientKeyPath),
                "localhost"
            )
        )
        let outcome = try await Self.runClientTests(world, tls: [
            "VNEID_CA": certificates.caPath, "VNEID_CLIENT_CERT": certificates.clientCertificatePath, "VNEID_CLIENT_KEY": certificates.clientKeyPath,
        ])
        #expect(outcome.status == 0, "\(outcome.stdout)\n\(outcome.stderr)")

        // Without a client certificate, or trusting another CA, the connection is refused.
        try await Self.built.value
        let token = try world.mint(AuthenticationWorld.claims(Accounts.loner))
        for extra in [["--ca", certificates.caPath], ["--ca", certificates.strangerCertificatePath, "--cert", certificates.clientCertificatePath, "--key", certificates.clientKeyPath]] {
            let refused = try await ProcessRunner.run(
                Self.build + "/vneid-check", ["authenticate", "--server", try world.daemon.framesAddress, "--service", "border-portal", "--server-name", "localhost"] + extra,
                environment: ["VNEID_API_KEY": world.portalKey], stdin: token + "\n", in: world.daemon.directory
            )
            #expect(refused.status == 1, "\(refused.stdout) \(refused.stderr)")
            #expect(refused.stderr.contains("CLIENT_TLS") || refused.stderr.contains("CLIENT_IO"), "\(refused.stderr)")
        }
    }

    @Test("vneid-check decides tokens from standard input, and follows the status stream into a file, resuming where the file ends")
    func vneidCheck() async throws {
        try await Self.built.value
        let world = try await AuthenticationWorld()
        let fresh = try world.mint(AuthenticationWorld.claims(Accounts.loner))
        let dead = try world.mint(AuthenticationWorld.claims(Accounts.deceased))
        let check = try await ProcessRunner.run(
            Self.build + "/vneid-check", ["authenticate", "--server", try world.daemon.framesAddress, "--service", "border-portal"],
            environment: ["VNEID_API_KEY": world.portalKey], stdin: [fresh, dead, fresh].joined(separator: "\n") + "\n", in: world.daemon.directory
        )
        #expect(check.status == 0, "\(check.stderr)")
        let lines = check.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines.first == "ALLOW \(Accounts.loner)")
        #expect(lines.dropFirst().first?.hasPrefix("DENY DENY_REASON_ACCOUNT_LOCKED") == true, "\(lines)")
        #expect(lines.last?.hasPrefix("DENY DENY_REASON_REPLAYED") == true, "\(lines)")

        // Following: the first run is ended by the daemon's shutdown; the second resumes.
        let file = world.daemon.directory.path + "/statuses.txt"
        let follower = try await ProcessRunner.start(
            Self.build + "/vneid-check", ["follow", "--server", try world.daemon.framesAddress, "--out", file],
            environment: ["VNEID_API_KEY": world.auditorKey], stdoutPath: file + ".out", stderrPath: file + ".err"
        )
        let lineCount = { ((try? String(contentsOfFile: file, encoding: .utf8))?.split(separator: "\n").count ?? 0) }
        try await waitUntil("vneid-check to record the set-up's changes") { lineCount() >= AuthenticationWorld.statusChangesAtSetUp }
        try await world.daemon.stop()
        #expect(try await follower.wait(timeout: .seconds(20)) == 0, "\((try? String(contentsOfFile: file + ".err", encoding: .utf8)) ?? "")")
        #expect(((try? String(contentsOfFile: file + ".err", encoding: .utf8)) ?? "").contains("resume after sequence \(AuthenticationWorld.statusChangesAtSetUp)"))
        try await world.daemon.restart()
        _ = try await world.daemon.withClient(apiKey: world.registryKey) {
            try await $0.lockAccount(Accounts.loner, grounds: OrderGrounds(ground: .termsViolation, text: "vi phạm điều khoản sử dụng"), requestID: "c1")
        }
        let resumed = try await ProcessRunner.start(
            Self.build + "/vneid-check", ["follow", "--server", try world.daemon.framesAddress, "--out", file],
            environment: ["VNEID_API_KEY": world.auditorKey], stdoutPath: file + ".out2", stderrPath: file + ".err2"
        )
        try await waitUntil("vneid-check to record the lock after resuming") { lineCount() >= AuthenticationWorld.statusChangesAtSetUp + 1 }
        try await world.daemon.stop()
        _ = try await resumed.wait(timeout: .seconds(20))
        let recorded = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n")
        #expect(recorded.map { $0.split(separator: " ").first.map(String.init) ?? "" } == (1...UInt64(AuthenticationWorld.statusChangesAtSetUp + 1)).map { "\($0)" },
                "every change once, in order, across the restart: \(recorded)")
        #expect(recorded.last?.contains("\(Accounts.loner) ACCOUNT_STATE_LOCKED") == true)
    }

    @Test("vneid-bench, the frames load generator of tools/bench, presents each token once and counts every answer that is not OK and ALLOW as an error")
    func vneidBench() async throws {
        try await Self.built.value
        let world = try await AuthenticationWorld()
        let directory = world.daemon.directory.path
        let tokens = try (0..<300).map { _ in try world.mint(AuthenticationWorld.claims(Accounts.loner)) }
        try (tokens.joined(separator: "\n") + "\n").write(toFile: directory + "/tokens.txt", atomically: true, encoding: .utf8)
        func bench(_ arguments: [String]) async throws -> ProcessOutcome {
            try await ProcessRunner.run(
                Self.build + "/vneid-bench", ["--server", try world.daemon.framesAddress, "--connections", "2", "--in-flight", "4"] + arguments,
                environment: ["VNEID_API_KEY": world.portalKey], in: world.daemon.directory
            )
        }
        let authenticate = try await bench(["--method", "authenticate", "--service", "border-portal", "--requests-file", directory + "/tokens.txt", "--calls", "300"])
        #expect(authenticate.status == 0, "\(authenticate.stdout) \(authenticate.stderr)")
        #expect(authenticate.stdout.contains("requests    300 in "), "\(authenticate.stdout)")
        #expect(authenticate.stdout.contains("(0 errors)"), "\(authenticate.stdout)")
        #expect(authenticate.stdout.contains("each request presented 1.00 times"), "\(authenticate.stdout)")

        // The same tokens again: every one is a replay, denied, and counted as an error.
        let replayed = try await bench(["--method", "authenticate", "--service", "border-portal", "--requests-file", directory + "/tokens.txt", "--calls", "20"])
        #expect(replayed.status == 1, "all calls failed: \(replayed.stdout)")
        #expect(replayed.stdout.contains("requests    20 in "), "\(replayed.stdout)")
        #expect(replayed.stdout.contains("(20 errors)"), "\(replayed.stdout)")
        #expect(replayed.stdout.contains("first error: denied: one-time token"), "\(replayed.stdout)")

        try ([Accounts.loner, Accounts.deceased].joined(separator: "\n") + "\n").write(toFile: directory + "/ids.txt", atomically: true, encoding: .utf8)
        let status = try await bench(["--method", "status", "--requests-file", directory + "/ids.txt", "--calls", "100"])
        #expect(status.status == 0, "\(status.stdout) \(status.stderr)")
        #expect(status.stdout.contains("requests    100 in "), "\(status.stdout)")
        #expect(status.stdout.contains("(0 errors)"), "\(status.stdout)")
    }
}
