import ArgumentParser
import Foundation
import Logging
import Prometheus
import ServiceLifecycle
import UnixSignals
import VNeIDCore
import VNeIDFrames
import VNeIDGRPC
import VNeIDService
import VNeIDPostgres
import VNeIDSQLite
import VNeIDTokens

/// `vneidd serve` (the default subcommand): the VNeID Gate daemon.
struct VNeIDDaemon: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serves the VNeID Gate gRPC API: token authentication, account status, orders, notices, the audit log, services, principals, and health.",
        discussion: """
            Settings come from, lowest precedence first: built-in defaults, the JSON \
            configuration file (--config or VNEID_CONFIG), VNEID_* environment variables, \
            and these flags. Each flag names its environment variable.

            On first start the daemon creates the database in the data directory and a \
            bootstrap ADMIN API key, written to DATA_DIR/admin.key (mode 0600) and printed \
            once when standard output is a terminal. Once listening it writes the bound address to DATA_DIR/vneidd.address.

            Tokens are trusted from the issuers given with --trust; their JWKS files are \
            re-read on SIGHUP and whenever they change on disk (a broken file is refused \
            and the previous keys stay in force).

            SIGTERM or SIGINT shuts down gracefully: calls in flight finish, their \
            authentication records are written, then the database is closed.
            """
    )

    @Option(name: .customLong("config"), help: ArgumentHelp("JSON configuration file. (VNEID_CONFIG)", valueName: "file"))
    var configFile: String?

    @Option(name: .customLong("data-dir"), help: ArgumentHelp("Directory for the database and keys. Default: ./vneid-data. (VNEID_DATA_DIR)", valueName: "dir"))
    var dataDirectory: String?

    @Option(help: ArgumentHelp("Address to listen on; port 0 picks a free port. Default: 127.0.0.1:50051. (VNEID_LISTEN)", valueName: "host:port"))
    var listen: String?

    @Option(name: .customLong("tls-cert"), help: ArgumentHelp("PEM certificate chain; with --tls-key, serve TLS only. (VNEID_TLS_CERT)", valueName: "file"))
    var tlsCertificate: String?

    @Option(name: .customLong("tls-key"), help: ArgumentHelp("PEM private key of the certificate. (VNEID_TLS_KEY)", valueName: "file"))
    var tlsKey: String?

    @Option(name: .customLong("tls-client-ca"), help: ArgumentHelp("PEM CA bundle; clients must present a certificate it signs (mTLS). (VNEID_TLS_CLIENT_CA)", valueName: "file"))
    var tlsClientCA: String?

    @Option(name: .customLong("log-level"), help: ArgumentHelp("trace, debug, info, notice, warning, error or critical. Default: info. (VNEID_LOG_LEVEL)", valueName: "level"))
    var logLevel: String?

    @Option(name: .customLong("log-format"), help: ArgumentHelp("text (for a terminal) or json (one object per line, for a log pipeline). Default: text. (VNEID_LOG_FORMAT)", valueName: "format"))
    var logFormat: String?

    @Flag(name: .customLong("reflection"), help: "Serve gRPC server reflection (grpc.reflection.v1 and v1alpha), so grpcurl, grpcui and Postman can list and call the API without the .proto files; callers still need an API key. (VNEID_REFLECTION=1)")
    var reflection = false

    @Option(name: .customLong("trust"), help: ArgumentHelp("A trusted token issuer and its JWKS file; repeat for several. Replaces the list from the file and environment. (VNEID_TRUST, comma-separated)", valueName: "issuer=jwks-file"))
    var trust: [String] = []

    @Option(name: .customLong("clock-skew"), help: ArgumentHelp("Tolerance for exp, nbf and iat. Default: 60. (VNEID_CLOCK_SKEW)", valueName: "seconds"))
    var clockSkew: String?

    @Option(name: .customLong("answer-reuse"), help: ArgumentHelp("How long callers may reuse an Authenticate answer (cache_ttl_ms). Default: 5. (VNEID_ANSWER_REUSE)", valueName: "seconds"))
    var answerReuse: String?

    @Option(name: .customLong("working-days"), help: ArgumentHelp("Working-day calendar (JSON) for lock-request deadlines; default: the one shipped, Vietnam 2024–2027. Read at start. (VNEID_WORKING_DAYS)", valueName: "file"))
    var workingDays: String?

    @Option(name: .customLong("metrics-listen"), help: ArgumentHelp("Serve Prometheus metrics at http://HOST:PORT/metrics; port 0 picks a free port. Default: off. (VNEID_METRICS_LISTEN)", valueName: "host:port"))
    var metricsListen: String?

    @Option(name: .customLong("frames-listen"), help: ArgumentHelp("Also serve the frames protocol for checkpoint terminals (proto/vneid/v1/frames.md) at HOST:PORT, with the gRPC listener's TLS settings; port 0 picks a free port. Default: off. (VNEID_FRAMES_LISTEN)", valueName: "host:port"))
    var framesListen: String?

    @Option(name: .customLong("database"), help: ArgumentHelp("Store in this PostgreSQL database instead of the data directory's SQLite file, shared with other vneidd: postgresql://USER@HOST:PORT/DATABASE[?sslmode=disable|prefer|require|verify-full&sslrootcert=FILE&host=SOCKET_DIR]. The password is never in the URL. (VNEID_DATABASE)", valueName: "url"))
    var database: String?

    @Option(name: .customLong("database-password-file"), help: ArgumentHelp("File whose first line is the database password; else VNEID_DATABASE_PASSWORD. (VNEID_DATABASE_PASSWORD_FILE)", valueName: "file"))
    var databasePasswordFile: String?

    @Option(name: .customLong("restore"), help: ArgumentHelp("Start from a backup made by `vneidctl backup`: it is checked, and replaces the database in the data directory (which is kept beside it, renamed). Give it once, not on every start.", valueName: "file"))
    var restore: String?

    @Option(name: .customLong("limit"), help: ArgumentHelp("Set a limit; repeat for several. The limits: \(DaemonLimits.help). (VNEID_LIMITS, comma-separated)", valueName: "name=value"))
    var limits: [String] = []

    @Flag(name: .customLong("dev-issuer"), help: "Trust a development token issuer whose key is created in DATA_DIR/dev-issuer, and set up a demo service, principals and accounts. Never in production. (VNEID_DEV_ISSUER=1)")
    var developmentIssuer = false

    @Flag(name: .customLong("allow-insecure-plaintext"), help: "Serve plaintext on a non-loopback address (never in production). (VNEID_ALLOW_INSECURE_PLAINTEXT=1)")
    var allowInsecurePlaintext = false

    func run() async throws {
        let configuration: DaemonConfiguration
        let serverConfiguration: ServerConfiguration
        do {
            configuration = try resolveConfiguration()
            serverConfiguration = try configuration.serverConfiguration()
        } catch let error as ConfigurationError {
            FileHandle.standardError.write(Data("vneidd: \(error.description)\n".utf8))
            throw ExitCode(2)
        }
        let level = configuration.logLevel
        switch configuration.logFormat {
        case .text:
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
        case .json:
            LoggingSystem.bootstrap { label in JSONLogHandler(label: label, level: level) }
        }
        let logger = Logger(label: "vneidd")
        // Before anything makes a series: the service layer's are made as it is built.
        let registry = DaemonMetrics.bootstrap()
        do {
            try await serve(configuration, serverConfiguration, registry: registry, logger: logger)
        } catch let error as ConfigurationError {
            logger.critical("\(error.description)")
            throw ExitCode(2)
        }
    }

    private func resolveConfiguration() throws -> DaemonConfiguration {
        var configuration = DaemonConfiguration()
        let environment = ProcessInfo.processInfo.environment
        if let file = configFile ?? environment["VNEID_CONFIG"] { try configuration.apply(fileAt: file) }
        try configuration.apply(environment: environment)
        try configuration.apply(
            dataDirectory: dataDirectory, listen: listen, tlsCertificate: tlsCertificate,
            tlsKey: tlsKey, tlsClientCA: tlsClientCA, logLevel: logLevel,
            allowInsecurePlaintext: allowInsecurePlaintext ? true : nil, source: "the command line"
        )
        try configuration.applyAuthentication(
            trust: trust, clockSkew: clockSkew, answerReuse: answerReuse,
            developmentIssuer: developmentIssuer ? true : nil, source: "the command line"
        )
        configuration.applyOrders(workingDaysFile: workingDays, metricsListen: metricsListen, framesListen: framesListen)
        configuration.applyDatabase(url: database, passwordFile: databasePasswordFile)
        try configuration.applyOperations(logFormat: logFormat, reflection: reflection ? true : nil, source: "the command line")
        try configuration.limits.apply(limits, source: "the command line")
        _ = try configuration.metricsAddress()
        _ = try configuration.framesServerConfiguration()
        return configuration
    }

    private static func loadTrustStore(_ issuers: [TrustedIssuer], logger: Logger) throws -> TrustStore {
        let trustStore: TrustStore
        do {
            let (loaded, warnings) = try TrustStore.load(issuers: issuers)
            for warning in warnings { logger.warning("\(warning)") }
            trustStore = loaded
        } catch {
            throw ConfigurationError(error.description)
        }
        if issuers.isEmpty {
            logger.warning("no trusted token issuer is configured: every token will be denied (UNKNOWN_KEY); add one with --trust ISSUER=JWKS_FILE")
        }
        for (issuer, keyIDs) in trustStore.keyIDsByIssuer.sorted(by: { $0.key < $1.key }) {
            logger.info("trusting token issuer", metadata: ["issuer": "\(issuer)", "kids": "\(keyIDs.joined(separator: ","))"])
        }
        return trustStore
    }

    private func serve(
        _ configuration: DaemonConfiguration, _ serverConfiguration: ServerConfiguration,
        registry: PrometheusCollectorRegistry, logger: Logger
    ) async throws {
        logger.info("vneidd starting", metadata: ["version": "\(BuildInfo.version)", "commit": "\(BuildInfo.commit)"])
        var serverConfiguration = serverConfiguration
        if let openFiles = OpenFileLimit.raise() {
            let configured = serverConfiguration.limits.maximumConnections
            serverConfiguration.limits.maximumConnections = OpenFileLimit.connectionCap(configured: configured, openFiles: openFiles)
            if serverConfiguration.limits.maximumConnections < configured {
                logger.notice("the open-file limit (\(openFiles)) allows \(serverConfiguration.limits.maximumConnections) connections, fewer than max-connections=\(configured); raise it with ulimit -n or LimitNOFILE")
            }
        }
        let calendar: WorkingDayCalendar
        do {
            calendar = try configuration.workingDaysFile.map(WorkingDayCalendar.load(path:)) ?? WorkingDayCalendar.bundled()
        } catch let error as VNeIDError {
            throw ConfigurationError(error.message)
        }
        logger.info("working-day calendar loaded", metadata: [
            "from": "\(calendar.coverage.lowerBound)", "through": "\(calendar.coverage.upperBound)",
            "file": "\(configuration.workingDaysFile ?? "built in")",
        ])
        let dataDirectory = try DataDirectory(path: configuration.dataDirectory)
        let location = try configuration.storeLocation(dataDirectory: dataDirectory)
        if let backup = restore {
            guard case .sqlite(let path) = location else {
                throw ConfigurationError("--restore replaces the embedded SQLite database; a PostgreSQL store is restored with PostgreSQL's own tools (pg_restore, or a base backup)")
            }
            do {
                let aside = try SQLiteStore.restore(from: backup, to: path)
                logger.notice("restored the database from \(backup)\(aside.map { "; the one it replaced is kept as \($0)" } ?? "")")
            } catch let error as VNeIDError {
                throw ConfigurationError("cannot restore from \(backup): \(error.message)")
            } catch {
                throw ConfigurationError("cannot restore from \(backup): \(error)")
            }
        }
        let opened = try await OpenedStore.open(location, logger: logger)
        let store = opened.store
        logger.info("store open", metadata: ["database": "\(opened.description)"])
        if let adminKey = try await AdminBootstrap.ensureAdmin(in: store) {
            try AdminKeyAnnouncement.announce(adminKey, principal: AdminBootstrap.principalName, in: dataDirectory)
        }

        var issuers = configuration.trustedIssuers
        if configuration.developmentIssuer {
            do {
                issuers.append(try await DevelopmentSetup.prepare(in: dataDirectory, store: store, logger: logger))
            } catch {
                throw ConfigurationError("cannot set up the development issuer in \(dataDirectory.path): \(error)")
            }
        }
        let trustStore = try Self.loadTrustStore(issuers, logger: logger)
        let auditKey = try dataDirectory.loadOrCreateAuditKey()
        let headPublisher = AuditHeadPublisher(
            store: store, key: auditKey, journalPath: dataDirectory.auditHeadsPath,
            interval: .seconds(configuration.limits.auditHeadInterval), logger: logger
        )
        do { try await headPublisher.publish() } catch {
            throw ConfigurationError("cannot sign the audit head into \(dataDirectory.auditHeadsPath): \(error)")
        }
        let recorder = AuthenticationHistoryRecorder(store: store, logger: logger)
        let layer = ServiceLayer(
            store: store, verifier: TokenVerifier(trustStore: trustStore),
            replayGuard: ReplayGuard(spent: try await store.spentTokens(rememberedAt: Date())),
            recorder: recorder,
            settings: AuthenticationSettings(
                clockSkew: configuration.clockSkewSeconds, answerReuse: configuration.answerReuseSeconds,
                oneTimeTokenLifetime: TimeInterval(configuration.limits.oneTimeTokenLifetime)
            ),
            calendar: calendar, auditKey: auditKey, inputLimits: configuration.limits.input,
            watchStallTimeout: configuration.limits.watchStallTimeout, scratchDirectory: dataDirectory.path,
            sharing: opened.sharing, logger: logger
        )
        var metricsServices: [ServiceGroupConfiguration.ServiceConfiguration] = []
        if let (host, port) = try configuration.metricsAddress() {
            let endpoint = MetricsEndpoint(registry: registry, host: host, port: port, logger: logger)
            let address: String
            do { address = try await endpoint.bind() } catch {
                throw ConfigurationError("cannot serve metrics on \(host):\(port): \(error)")
            }
            try dataDirectory.writeMetricsAddress(address)
            logger.info("metrics at http://\(address)/metrics")
            metricsServices.append(.init(service: endpoint))
            // The store's size and pool figures are read only for someone to scrape them.
            metricsServices.append(.init(service: RuntimeSampler(store: store, registry: registry, logger: logger)))
        }
        // One count of open connections for both listeners: max-connections is the daemon's.
        let census = ConnectionCensus(limit: serverConfiguration.limits.maximumConnections, logger: logger)
        let server = VNeIDGRPCServer(
            configuration: serverConfiguration, layer: layer, census: census, reflection: configuration.reflection, logger: logger
        )
        var framesServices: [ServiceGroupConfiguration.ServiceConfiguration] = []
        var framesServer: FramesServer?
        if var framesConfiguration = try configuration.framesServerConfiguration() {
            // The same limits as gRPC's; the connection cap is counted across both.
            framesConfiguration.limits = serverConfiguration.limits
            do {
                framesServer = try FramesServer(configuration: framesConfiguration, layer: layer, census: census, logger: logger)
            } catch {
                throw ConfigurationError("cannot read the TLS files for the frames listener: \(error)")
            }
            framesServices = framesServer.map { [.init(service: $0)] } ?? []
        }
        let reloader = await TrustStoreReloader(trustStore: trustStore, logger: logger)
        // Shut down in reverse order: the shutdown starts for every transport at once, the
        // server drains its calls, which wait for their history records, then the
        // recorder writes what is left, then the store closes.
        let group = ServiceGroup(configuration: .init(
            services: [
                .init(service: opened.service),
                .init(service: HistoryRecorderService(recorder: recorder)),
                .init(service: reloader),
                .init(service: DeadlineMonitor(store: store, calendar: calendar, registry: registry, logger: logger)),
                .init(service: headPublisher),
                .init(service: HistoryPruner(
                    store: store, retentionDays: configuration.limits.historyRetentionDays == 0 ? nil : configuration.limits.historyRetentionDays,
                    registry: registry, logger: logger
                )),
                .init(service: StoreHealthService(probe: StoreHealthProbe(store: store, serving: layer.serving, logger: logger))),
            ] + metricsServices + [
                .init(service: server),
            ] + framesServices + [
                // Returning at shutdown is its whole job, not a reason to cancel the others.
                .init(service: ShutdownStarter(layer: layer), successTerminationBehavior: .ignore),
            ],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger
        ))
        defer { dataDirectory.removeAddress() }
        let running = Task { try await group.run() }
        do {
            let address: String
            do {
                address = try await server.listeningAddress
            } catch let noAddress {
                // The server's own failure says why (the address is in use, say); report that.
                var reason: any Error = noAddress
                do { try await running.value } catch let serverFailure { reason = serverFailure }
                throw ConfigurationError("cannot listen on \(configuration.listen): \(reason)")
            }
            // The frames listener's address is written first: once vneidd.address exists,
            // every listener is up.
            if let framesServer {
                let framesAddress: String
                do {
                    framesAddress = try await framesServer.listeningAddress
                } catch {
                    throw ConfigurationError("cannot serve frames on \(configuration.framesListen ?? ""): \(error)")
                }
                try dataDirectory.writeFramesAddress(framesAddress)
                logger.info("vneidd serving frames", metadata: ["address": "\(framesAddress)"])
                FileHandle.standardOutput.write(Data("vneidd frames on \(framesAddress)\n".utf8))
            }
            try dataDirectory.writeAddress(address)
            let security = serverConfiguration.tls == nil ? "plaintext" : (serverConfiguration.tls?.clientCAPath == nil ? "TLS" : "mutual TLS")
            logger.info("vneidd listening", metadata: ["address": "\(address)", "security": "\(security)", "data-dir": "\(configuration.dataDirectory)"])
            // Unbuffered, so a supervisor or test reading stdout sees it at once.
            FileHandle.standardOutput.write(Data("vneidd listening on \(address) (\(security))\n".utf8))
        } catch {
            running.cancel()
            throw error
        }
        try await running.value
        logger.info("vneidd stopped")
    }
}
