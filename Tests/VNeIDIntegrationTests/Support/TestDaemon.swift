import Foundation
import VNeIDTestSupport
import VNeIDClient

/// A real `vneidd` process on an ephemeral loopback port with its own data directory.
final class TestDaemon: @unchecked Sendable {
    let directory: TemporaryDirectory
    let dataDirectory: String
    private(set) var process: ChildProcess
    private(set) var address: String
    private let arguments: [String]
    /// How clients reach a daemon started with TLS: its CA (and a client certificate for
    /// mTLS), with the certificate's name as the host; `nil` for plaintext.
    let clientTLS: (tls: VNeIDClientConfiguration.TLS, host: String)?

    /// The shared database this daemon stores in, when it uses PostgreSQL.
    let databaseURL: String?

    /// Whether the tests' daemons store in PostgreSQL (`VNEID_TEST_STORE=postgresql`; tools/test
    /// runs a share of the suites so) rather than in their data directory's SQLite file.
    static let storesInPostgres = ProcessInfo.processInfo.environment["VNEID_TEST_STORE"] == "postgresql"

    /// Starts a daemon and waits until it listens. It stores in `database` when given (a
    /// `postgresql://` URL several daemons may share), else in a new PostgreSQL database
    /// when `storesInPostgres`, else in its data directory.
    init(
        directory: TemporaryDirectory? = nil, arguments: [String] = [], clientTLS: (tls: VNeIDClientConfiguration.TLS, host: String)? = nil,
        database: String? = nil
    ) async throws {
        self.clientTLS = clientTLS
        self.directory = try directory ?? TemporaryDirectory()
        dataDirectory = self.directory.path + "/data"
        databaseURL = if let database { database } else if Self.storesInPostgres { try await TestPostgres.newDatabase() } else { nil }
        self.arguments = arguments + (databaseURL.map { ["--database", $0] } ?? [])
        (process, address) = try await Self.launch(dataDirectory: dataDirectory, arguments: self.arguments, logDirectory: self.directory.path)
    }

    deinit {
        process.signal(SIGKILL)
    }

    /// The bootstrap admin key the daemon wrote on first start.
    var adminKey: String {
        get throws { try String(contentsOfFile: dataDirectory + "/admin.key", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    /// What the daemon printed on standard output so far.
    var stdout: String { (try? String(contentsOfFile: directory.path + "/vneidd.out", encoding: .utf8)) ?? "" }
    /// What the daemon logged so far.
    var stderr: String { (try? String(contentsOfFile: directory.path + "/vneidd.err", encoding: .utf8)) ?? "" }

    /// The transport the tests' clients speak unless a test names one: gRPC, or the frames
    /// protocol when `VNEID_TEST_TRANSPORT=frames` (tools/test runs a share of the suites
    /// both ways).
    static let defaultTransport = VNeIDClientConfiguration.Transport(rawValue: ProcessInfo.processInfo.environment["VNEID_TEST_TRANSPORT"] ?? "grpc") ?? .grpc

    /// Client settings for this daemon.
    func configuration(
        apiKey: String?, tls: VNeIDClientConfiguration.TLS? = nil, host: String? = nil, transport: VNeIDClientConfiguration.Transport = defaultTransport
    ) throws -> VNeIDClientConfiguration {
        let server = transport == .frames ? try framesAddress : address
        var configuration = try VNeIDClientConfiguration(server: server, apiKey: apiKey, tls: tls ?? clientTLS?.tls, transport: transport)
        if let host = host ?? (tls == nil ? clientTLS?.host : nil) { configuration.host = host }
        configuration.timeout = .seconds(30)
        return configuration
    }

    /// Connects with `apiKey` over `transport` and runs `body`.
    func withClient<T: Sendable>(
        apiKey: String?, transport: VNeIDClientConfiguration.Transport = defaultTransport, _ body: (VNeIDClient) async throws -> T
    ) async throws -> T {
        try await VNeIDClient.withConnection(configuration(apiKey: apiKey, transport: transport), body)
    }

    /// Sends `signal` and waits for the process to end; returns its exit status.
    @discardableResult
    func stop(signal: Int32 = SIGTERM) async throws -> Int32 {
        process.signal(signal)
        return try await process.wait(timeout: .seconds(30))
    }

    /// Starts the daemon again on the same data directory (after `stop`).
    func restart() async throws {
        (process, address) = try await Self.launch(dataDirectory: dataDirectory, arguments: arguments, logDirectory: directory.path)
    }

    private static func launch(dataDirectory: String, arguments: [String], logDirectory: String) async throws -> (ChildProcess, String) {
        let addressFile = dataDirectory + "/vneidd.address"
        try? FileManager.default.removeItem(atPath: addressFile)
        let process = try await ProcessRunner.start(
            Binaries.daemon,
            ["--data-dir", dataDirectory, "--listen", "127.0.0.1:0", "--frames-listen", "127.0.0.1:0", "--log-level", ProcessInfo.processInfo.environment["VNEID_TEST_LOG_LEVEL"] ?? "notice"] + arguments,
            stdoutPath: logDirectory + "/vneidd.out", stderrPath: logDirectory + "/vneidd.err"
        )
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if let text = try? String(contentsOfFile: addressFile, encoding: .utf8), text.hasSuffix("\n") {
                return (process, text.trimmingCharacters(in: .whitespacesAndNewlines))
            }
            if let status = process.terminationStatus {
                let log = (try? String(contentsOfFile: logDirectory + "/vneidd.err", encoding: .utf8)) ?? ""
                throw TestFailure("vneidd exited with status \(status) before listening:\n\(log)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        process.signal(SIGKILL)
        throw TestFailure("vneidd did not listen within 30 s")
    }
}

extension TestDaemon {
    /// Creates a principal through the real API with the admin key and returns its key.
    /// Services it is bound to are registered first if they are not (audience
    /// `urn:test:NAME`, minimum level 1).
    func createPrincipal(
        _ name: String, roles: Set<Role>, services: [String] = [], requesterType: RequesterType? = nil, stationID: String? = nil,
        policeUnit: String? = nil
    ) async throws -> String {
        try await withClient(apiKey: try adminKey) { client in
            let registered = Set(try await client.services().map(\.name.rawValue))
            for service in services where !registered.contains(service) {
                _ = try await client.addService(ServiceSettings(name: service, audience: "urn:test:\(service)", minimumLevel: 1))
            }
            return try await client.createPrincipal(
                name: name, roles: roles, services: services, requesterType: requesterType, stationID: stationID,
                policeUnit: policeUnit ?? (roles.contains(.policeApprover) ? "ca-ha-noi" : nil)
            ).apiKey
        }
    }

    /// Runs `vneidctl` against this daemon with `apiKey` in the environment.
    func cli(_ arguments: [String], apiKey: String? = nil, environment: [String: String] = [:], stdin: String? = nil) async throws -> ProcessOutcome {
        var environment = environment
        // Imports and backups are served over gRPC only.
        // So is the lean load generator, raw HTTP/2.
        let grpcOnly = arguments.starts(with: ["accounts", "import"]) || arguments.first == "backup" || arguments.contains("--lean")
        if environment["VNEID_TRANSPORT"] == nil, Self.defaultTransport == .frames, !grpcOnly {
            environment["VNEID_TRANSPORT"] = "frames"
        }
        if environment["VNEID_SERVER"] == nil {
            environment["VNEID_SERVER"] = environment["VNEID_TRANSPORT"] == "frames" ? try framesAddress : address
        }
        if let apiKey { environment["VNEID_API_KEY"] = apiKey }
        return try await ProcessRunner.run(Binaries.cli, arguments, environment: environment, stdin: stdin, in: directory)
    }
}

extension TestDaemon {
    /// The daemon's resident memory, from /proc.
    func residentBytes() throws -> Int {
        let status = try String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kilobytes = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
        else { throw TestFailure("no VmRSS in /proc/\(process.processIdentifier)/status") }
        return kilobytes * 1024
    }
}

extension TestDaemon {
    /// One principal of each role (the bootstrap admin among them), by role, with its key:
    /// the callers of the role matrices.
    func principalsOfEveryRole() async throws -> [Role: String] {
        var keys: [Role: String] = [.admin: try adminKey]
        keys[.registry] = try await createPrincipal("registry", roles: [.registry])
        keys[.relyingService] = try await createPrincipal("portal", roles: [.relyingService], services: ["border-portal"])
        keys[.auditor] = try await createPrincipal("auditor", roles: [.auditor])
        keys[.requester] = try await createPrincipal("requester", roles: [.requester], requesterType: .competentAuthority)
        keys[.policeApprover] = try await createPrincipal("police", roles: [.policeApprover])
        keys[.stationCommander] = try await createPrincipal("commander", roles: [.stationCommander], stationID: "huu-nghi")
        keys[.stationDeputy] = try await createPrincipal("deputy", roles: [.stationDeputy], stationID: "huu-nghi")
        return keys
    }
}
