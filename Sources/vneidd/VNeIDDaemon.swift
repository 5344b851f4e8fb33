import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import UnixSignals
import VNeIDGRPC
import VNeIDService
import VNeIDSQLite

/// `vneidd`: the VNeID Gate daemon.
@main
struct VNeIDDaemon: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vneidd",
        abstract: "Serves the VNeID Gate gRPC API: account status, principals, and health.",
        discussion: """
            Settings come from, lowest precedence first: built-in defaults, the JSON \
            configuration file (--config or VNEID_CONFIG), VNEID_* environment variables, \
            and these flags. Each flag names its environment variable.

            On first start the daemon creates the database in the data directory and a \
            bootstrap ADMIN API key, printed once and written to DATA_DIR/admin.key \
            (mode 0600). Once listening it writes the bound address to DATA_DIR/vneidd.address.

            SIGTERM or SIGINT shuts down gracefully: calls in flight finish, then the \
            database is closed.
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
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "vneidd")
        do {
            try await serve(configuration, serverConfiguration, logger: logger)
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
        return configuration
    }

    private func serve(_ configuration: DaemonConfiguration, _ serverConfiguration: ServerConfiguration, logger: Logger) async throws {
        let dataDirectory = try DataDirectory(path: configuration.dataDirectory)
        let store: SQLiteStore
        do { store = try SQLiteStore(path: dataDirectory.databasePath) } catch {
            throw ConfigurationError("cannot open database \(dataDirectory.databasePath): \(error)")
        }
        if let adminKey = try await AdminBootstrap.ensureAdmin(in: store) {
            // Shown before the file is written, so the key is never lost if the write fails.
            FileHandle.standardOutput.write(Data("""
                Created the bootstrap ADMIN principal '\(AdminBootstrap.principalName)'. Its API key is shown only this once
                and is also written to \(dataDirectory.adminKeyPath) (readable only by you):

                    \(adminKey)


                """.utf8))
            try dataDirectory.writeAdminKey(adminKey)
        }

        let server = VNeIDGRPCServer(configuration: serverConfiguration, store: store, logger: logger)
        let group = ServiceGroup(configuration: .init(
            services: [.init(service: StoreService(store: store)), .init(service: server)],
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
