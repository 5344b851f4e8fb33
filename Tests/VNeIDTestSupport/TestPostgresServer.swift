import Dispatch
import Foundation

/// A PostgreSQL server of a test's own, in a temporary directory, that the test may stop
/// and start again (to see what daemons do while their database is down). Runs as the
/// unprivileged `postgres` user when the tests run as root, as PostgreSQL requires.
public final class TestPostgresServer: @unchecked Sendable {
    public let directory: String
    public let port: Int
    /// A URL of its `postgres` database, trusting loopback connections.
    public var url: String { "postgresql://postgres@127.0.0.1:\(port)/postgres?sslmode=disable" }

    /// Whether the server speaks TLS.
    private let tls: Bool

    /// Creates and starts a server (off the Swift pool: `initdb` takes a while); with
    /// `tls`, it also speaks TLS with that certificate chain and key (PEM files).
    public static func started(tls: (certificatePath: String, keyPath: String)? = nil) async throws -> TestPostgresServer {
        let paths = tls.map { [$0.certificatePath, $0.keyPath] }
        return try await offThePool { try TestPostgresServer(tls: paths.map { ($0[0], $0[1]) }) }
    }

    private init(tls: (certificatePath: String, keyPath: String)?) throws {
        self.tls = tls != nil
        directory = NSTemporaryDirectory() + "vneid-pg-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        port = try Self.freePort()
        if getuid() == 0 { try Self.run("/bin/chown", ["postgres:", directory]) }
        try Self.runAsServerUser(Self.binary("initdb"), ["-D", directory + "/data", "--no-locale", "-E", "UTF8", "-A", "trust", "-U", "postgres"])
        if let tls {
            // The server reads its key only when it is the server user's and private.
            for (source, name) in [(tls.certificatePath, "server.crt"), (tls.keyPath, "server.key")] {
                let target = directory + "/data/" + name
                try FileManager.default.copyItem(atPath: source, toPath: target)
                try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: target)
                if getuid() == 0 { try Self.run("/bin/chown", ["postgres:", target]) }
            }
        }
        try startBlocking()
    }

    deinit {
        try? stopBlocking()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Starts the server again on its port, waiting until it accepts connections.
    public func start() async throws {
        try await offThePool { try self.startBlocking() }
    }

    /// Stops the server at once (fast shutdown: open connections are cut).
    public func stop() async throws {
        try await offThePool { try self.stopBlocking() }
    }

    private func startBlocking() throws {
        try Self.runAsServerUser(Self.binary("pg_ctl"), [
            "-D", directory + "/data", "-l", directory + "/server.log", "-w", "-t", "60",
            "-o", "-c listen_addresses=127.0.0.1 -p \(port) -c unix_socket_directories=\(directory) -c fsync=on -c max_connections=200"
                + (tls ? " -c ssl=on -c ssl_cert_file=server.crt -c ssl_key_file=server.key" : ""),
            "start",
        ])
    }

    private func stopBlocking() throws {
        try Self.runAsServerUser(Self.binary("pg_ctl"), ["-D", directory + "/data", "-m", "fast", "-w", "stop"])
    }

    private static func binary(_ name: String) throws -> String {
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        guard let version = versions.sorted(by: { $0.compare($1, options: .numeric) == .orderedAscending }).last else {
            throw TestFailure("PostgreSQL's server programs are not in /usr/lib/postgresql: run the tests with tools/test, which installs them")
        }
        return "/usr/lib/postgresql/\(version)/bin/\(name)"
    }

    private static func runAsServerUser(_ executable: String, _ arguments: [String]) throws {
        if getuid() == 0 {
            try run("/usr/sbin/runuser", ["-u", "postgres", "--", executable] + arguments)
        } else {
            try run(executable, arguments)
        }
    }

    /// Runs a program to its end with posix_spawn and waitpid, its output in a file.
    /// (Foundation's `Process` never saw `runuser pg_ctl start` end here, and a pipe would
    /// stay open in the server `pg_ctl` leaves running.)
    private static func run(_ executable: String, _ arguments: [String]) throws {
        let outputPath = NSTemporaryDirectory() + "vneid-pg-output-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard spawned == 0 else { throw TestFailure("cannot run \(executable): error \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1, errno == EINTR {}
        // Exited normally with status 0: the low 7 bits (signal) and the exit code are 0.
        guard status == 0 else {
            let printed = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
            throw TestFailure("\(executable) \(arguments.joined(separator: " ")) failed (wait status \(status)): \(printed)")
        }
    }

    private static func freePort() throws -> Int {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0 }
        }
        guard bound else { throw TestFailure("no free loopback port for a PostgreSQL server") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// Runs blocking work (`initdb` and `pg_ctl`, waited for with `waitpid`) on a dispatch
/// thread, so the tests' own waits never hold the Swift pool's few threads, which the
/// stores under test need.
func offThePool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
    }
}
