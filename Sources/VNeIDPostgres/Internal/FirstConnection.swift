import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO
import VNeIDCore

/// The first connection a daemon opens at start, outside the pool, so that what keeps it
/// from using the database is said at once and precisely: the pool only retries and logs,
/// and a call waiting on it would learn no more than that no connection came.
enum FirstConnection {
    /// Connects once and closes, retrying for `timeout` while the server cannot be reached
    /// or is starting up; what retrying cannot fix (TLS refused or unverified, the database
    /// or user unknown, a password wrong or missing) fails at once with `failedPrecondition`.
    static func check(_ configuration: PostgresStoreConfiguration, timeout: Duration, logger: Logger) async throws {
        let location = configuration.redactedDescription
        let connectionConfiguration = try configuration.connectionConfiguration
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while true {
            do {
                let connection = try await PostgresConnection.connect(
                    on: MultiThreadedEventLoopGroup.singleton.next(), configuration: connectionConfiguration, id: 0, logger: logger
                )
                try? await connection.close()
                return
            } catch {
                let reason = describe(error)
                guard isTransient(error) else {
                    throw VNeIDError.failedPrecondition("cannot use the database at \(location): \(reason)")
                }
                guard clock.now < deadline else {
                    throw VNeIDError.unavailable("the database at \(location) could not be reached within \(timeout): \(reason)")
                }
                logger.warning("waiting for PostgreSQL", metadata: ["database": "\(location)", "error": "\(reason)"])
                try await Task.sleep(for: .milliseconds(500))
            }
        }
    }

    /// Whether waiting may cure `error`: the server is unreachable, starting, shutting
    /// down or full.
    private static func isTransient(_ error: any Error) -> Bool {
        guard let error = error as? PSQLError else { return true }
        if isTLSFailure(error) { return false }
        switch error.code {
        case .server:
            let state = error.serverInfo?[.sqlState] ?? ""
            return state == "57P03" || state == "53300" || state.hasPrefix("08") || state.hasPrefix("57P0")
        case .connectionError, .serverClosedConnection, .uncleanShutdown:
            return true
        default:
            return false
        }
    }

    private static func isTLSFailure(_ error: PSQLError) -> Bool {
        if error.code == .sslUnsupported || error.code == .failedToAddSSLHandler { return true }
        let underlying = error.underlying.map { String(reflecting: $0) } ?? ""
        return error.underlying is NIOSSLError || underlying.contains("NIOSSL") || underlying.contains("BoringSSL")
    }

    /// What an operator reads: the server's own message, or what the connection met.
    private static func describe(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return "\(error)" }
        if let message = error.serverInfo?[.message] {
            return "\(message) (SQLSTATE \(error.serverInfo?[.sqlState] ?? "?"))"
        }
        switch error.code {
        case .sslUnsupported:
            return "the server does not offer TLS, which the URL's sslmode requires"
        case .authMechanismRequiresPassword:
            return "the server asks for a password: give it with --database-password-file or VNEID_DATABASE_PASSWORD"
        default:
            let underlying = error.underlying.map { String(reflecting: $0) } ?? "\(error.code)"
            return isTLSFailure(error) ? "TLS to the server failed: \(underlying); check sslmode and sslrootcert" : underlying
        }
    }
}

extension PostgresStoreConfiguration {
    /// The settings of a single connection, as the pool's.
    var connectionConfiguration: PostgresConnection.Configuration {
        get throws {
            var configuration: PostgresConnection.Configuration
            if let socketPath {
                configuration = PostgresConnection.Configuration(
                    unixSocketPath: socketPath, username: username, password: password, database: database
                )
            } else {
                let tls: PostgresConnection.Configuration.TLS = switch try tlsSettings {
                case .none: .disable
                case .preferred(let settings): .prefer(try NIOSSLContext(configuration: settings))
                case .required(let settings): .require(try NIOSSLContext(configuration: settings))
                }
                configuration = PostgresConnection.Configuration(
                    host: host, port: port, username: username, password: password, database: database, tls: tls
                )
            }
            configuration.options.connectTimeout = TimeAmount(Self.connectTimeout)
            configuration.options.additionalStartupParameters = Self.sessionSettings
            return configuration
        }
    }
}
