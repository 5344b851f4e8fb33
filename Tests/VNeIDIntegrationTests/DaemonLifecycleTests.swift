import Foundation
import VNeIDTestSupport
import Testing
import VNeIDClient

@Suite("Daemon lifecycle")
struct DaemonLifecycleTests {
    @Test("first start creates the database and an admin key stored owner-only, named but not printed when standard output is not a terminal")
    func bootstrap() async throws {
        let daemon = try await TestDaemon()
        let key = try daemon.adminKey
        #expect(key.hasPrefix("vneid_"))
        #expect(!daemon.stdout.contains(key) && daemon.stdout.contains(daemon.dataDirectory + "/admin.key"), "\(daemon.stdout)")
        let attributes = try FileManager.default.attributesOfItem(atPath: daemon.dataDirectory + "/admin.key")
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let me = try await daemon.withClient(apiKey: key) { try await $0.whoAmI() }
        #expect(me.name == "admin")
        #expect(me.roles == [.admin])
        #expect(try await daemon.withClient(apiKey: nil) { try await $0.health() } == .serving)
    }

    @Test("on a terminal, the first start shows the admin key once")
    func bootstrapOnATerminal() async throws {
        let directory = try TemporaryDirectory()
        let data = directory.path + "/data"
        // script(1) gives the daemon a pseudo-terminal as its standard output. It runs the
        // command with `$SHELL -c`; `exec` makes the daemon script's own child whatever that
        // shell is, so script's SIGTERM reaches the daemon. Without it, dash (CI's /bin/sh when
        // SHELL is unset) stays in between, dies of the SIGTERM, and leaves the daemon, which
        // takes the terminal's SIGHUP as "reload", holding the terminal open: script never ends.
        let command = ["exec", Binaries.daemon, "--data-dir", data, "--listen", "127.0.0.1:0"].joined(separator: " ")
        let process = try await ProcessRunner.start(
            "/usr/bin/script", ["-qfec", command, "/dev/null"], environment: ["SHELL": "/bin/sh"],
            stdoutPath: directory.path + "/tty.out", stderrPath: directory.path + "/tty.err"
        )
        defer { process.signal(SIGKILL) }
        try await waitUntil("the daemon listens") { FileManager.default.fileExists(atPath: data + "/vneidd.address") }
        let key = try String(contentsOfFile: data + "/admin.key", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        try await waitUntil("the key is shown") {
            ((try? String(contentsOfFile: directory.path + "/tty.out", encoding: .utf8)) ?? "").contains(key)
        }
        process.signal(SIGTERM)
        #expect(try await process.wait(timeout: .seconds(30)) == 0)
    }

    @Test("a stale admin.key from an earlier database is replaced by the new key")
    func staleAdminKey() async throws {
        let directory = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory.path + "/data", withIntermediateDirectories: true)
        _ = try directory.file("data/admin.key", contents: "vneid_0000000000000000_stale\n")
        let daemon = try await TestDaemon(directory: directory)
        let key = try daemon.adminKey
        #expect(key != "vneid_0000000000000000_stale")
        #expect(try await daemon.withClient(apiKey: key) { try await $0.whoAmI() }.name == "admin")
    }

    @Test("a restart keeps accounts, principals and keys, and does not bootstrap again")
    func restart() async throws {
        let daemon = try await TestDaemon()
        let registry = try await daemon.createPrincipal("feed", roles: [.registry])
        _ = try await daemon.withClient(apiKey: registry) { client in
            try await client.importAccounts { writer in
                try await writer.write([AccountImportRecord(line: 1, id: "0101234567", kind: nil, displayName: "Công ty A", assuranceLevel: 2, managingOrganizationID: nil)])
                return 0
            }
        }
        let adminKey = try daemon.adminKey
        #expect(try await daemon.stop() == 0)
        try await daemon.restart()
        #expect(try daemon.adminKey == adminKey)
        let account = try await daemon.withClient(apiKey: registry) { try await $0.account(id: "0101234567") }
        #expect(account.record.displayName == "Công ty A")
        let principals = try await daemon.withClient(apiKey: adminKey) { try await $0.principals() }
        #expect(principals.map(\.name) == ["admin", "feed"])
    }

    @Test("SIGTERM lets an import in flight finish and commit before the daemon exits")
    func gracefulShutdown() async throws {
        let daemon = try await TestDaemon()
        let registry = try await daemon.createPrincipal("feed", roles: [.registry])
        let summary = try await daemon.withClient(apiKey: registry) { client in
            try await client.importAccounts { writer in
                try await writer.write([AccountImportRecord(line: 1, id: "0101234567", kind: nil, displayName: "A", assuranceLevel: 1, managingOrganizationID: nil)])
                // The import's stream must be open before shutdown begins (a call that starts
                // after is refused, as it should be): once a later call on the same
                // connection is answered, the daemon has read the import's opening frames.
                _ = try await client.whoAmI()
                daemon.process.signal(SIGTERM)
                // The second batch is sent only once shutdown has begun.
                var probe = try daemon.configuration(apiKey: nil)
                probe.timeout = .seconds(2)
                try await eventually {
                    let status = try? await VNeIDClient.withConnection(probe) { try await $0.health() }
                    return status != .serving
                }
                try await writer.write([AccountImportRecord(line: 2, id: "0107654321", kind: nil, displayName: "B", assuranceLevel: 1, managingOrganizationID: nil)])
                return 0
            }
        }
        #expect(summary.created == 2)
        #expect(try await daemon.process.wait() == 0)
        #expect(!FileManager.default.fileExists(atPath: daemon.dataDirectory + "/vneidd.address"))
        try await daemon.restart()
        let status = try await daemon.withClient(apiKey: registry) { try await $0.accountStatus(id: "0107654321") }
        #expect(status.state == .active)
    }

    @Test("garbage on the port gets the connection closed, not the daemon")
    func garbageBytes() async throws {
        let daemon = try await TestDaemon()
        let (host, port) = (daemon.address.split(separator: ":")[0], Int(daemon.address.split(separator: ":")[1])!)
        for garbage in [Data(repeating: 0xFF, count: 4096), Data("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8), Data("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8) + Data(repeating: 0x7F, count: 64)] {
            try RawSocket.send(garbage, host: String(host), port: port)
        }
        #expect(try await daemon.withClient(apiKey: nil) { try await $0.health() } == .serving)
    }

    @Test("plaintext on a non-loopback address is refused unless explicitly allowed")
    func plaintextRefused() async throws {
        let directory = try TemporaryDirectory()
        let outcome = try await ProcessRunner.run(Binaries.daemon, ["--data-dir", directory.path + "/d", "--listen", "0.0.0.0:0"], in: directory)
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("refusing to serve plaintext"))
    }

    @Test("bad configuration is reported with exit status 2", arguments: [
        (["--listen", "nonsense"], "must be HOST:PORT"),
        (["--listen", "127.0.0.1:70000"], "from 0 to 65535"),
        (["--tls-cert", "/nonexistent.pem"], "both --tls-cert and --tls-key"),
        (["--log-level", "loud"], "log level 'loud'"),
    ])
    func badConfiguration(_ arguments: [String], _ message: String) async throws {
        let directory = try TemporaryDirectory()
        let outcome = try await ProcessRunner.run(Binaries.daemon, ["--data-dir", directory.path + "/d"] + arguments, in: directory)
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains(message), "\(outcome.stderr)")
    }

    @Test("an address in use is reported with the reason and exit status 2")
    func addressInUse() async throws {
        let first = try await TestDaemon()
        let directory = try TemporaryDirectory()
        let outcome = try await ProcessRunner.run(Binaries.daemon, ["--data-dir", directory.path + "/d", "--listen", first.address], in: directory)
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("cannot listen on \(first.address)"))
        #expect(outcome.stderr.contains("Address already in use"), "\(outcome.stderr)")
    }

    @Test("the configuration file and environment are read, flags win")
    func configurationSources() async throws {
        let directory = try TemporaryDirectory()
        let file = try directory.file("vneidd.json", contents: #"{"dataDir": "\#(directory.path)/from-file", "listen": "127.0.0.1:0", "logLevel": "warning"}"#)
        let process = try await ProcessRunner.start(
            Binaries.daemon, ["--config", file, "--log-level", "notice"],
            environment: ["VNEID_DATA_DIR": directory.path + "/from-env"],
            stdoutPath: directory.path + "/out", stderrPath: directory.path + "/err"
        )
        defer { process.signal(SIGKILL) }
        let deadline = ContinuousClock.now + .seconds(30)
        while !FileManager.default.fileExists(atPath: directory.path + "/from-env/vneidd.address"), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(FileManager.default.fileExists(atPath: directory.path + "/from-env/admin.key"))
        #expect(!FileManager.default.fileExists(atPath: directory.path + "/from-file"))
        process.signal(SIGINT)
        #expect(try await process.wait() == 0)
    }
}

/// Writes bytes to a TCP port and closes, the way a confused or hostile peer would.
enum RawSocket {
    static func send(_ data: Data, host: String, port: Int) throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw TestFailure("socket() failed") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, host, &address.sin_addr)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw TestFailure("connect() failed") }
        _ = data.withUnsafeBytes { write(descriptor, $0.baseAddress, data.count) }
        var buffer = [UInt8](repeating: 0, count: 1024)
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        _ = read(descriptor, &buffer, buffer.count)
    }
}
