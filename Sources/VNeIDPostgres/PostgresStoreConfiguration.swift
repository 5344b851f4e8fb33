import Foundation
import NIOSSL
import PostgresNIO
import VNeIDCore

/// Where the shared database is and how to reach it, parsed from a `postgresql://` URL.
///
/// `postgresql://USER@HOST[:PORT]/DATABASE[?sslmode=MODE&sslrootcert=FILE&host=SOCKET_DIR]`
///
/// - The password never sits in the URL (which lands in shell history, process lists and
///   configuration files); it comes from a file or the environment (`password`).
/// - `sslmode` follows libpq: `disable`, `prefer` (the default: TLS when the server offers
///   it, unverified), `require` (TLS, unverified) or `verify-full` (TLS, the server's
///   certificate checked against `sslrootcert`, or the system's roots, and its name).
/// - `host=/dir` (or an empty host) reaches the server through its Unix socket in `/dir`.
public struct PostgresStoreConfiguration: Sendable {
    /// How TLS to the database is used.
    public enum TLSMode: String, Sendable, CaseIterable {
        case disable, prefer, require
        case verifyFull = "verify-full"
    }

    public var host: String
    public var port: Int
    /// The directory of the server's Unix socket, when it is reached through one.
    public var socketDirectory: String?
    public var username: String
    public var password: String?
    public var database: String
    public var tlsMode: TLSMode
    /// PEM file of the certificate authorities trusted for `verify-full`.
    public var rootCertificatePath: String?
    /// Most connections this daemon opens to the database.
    public var maximumConnections: Int

    /// Reads a `postgresql://` (or `postgres://`) URL.
    public init(url text: String, password: String?, maximumConnections: Int = 32) throws(VNeIDError) {
        guard let components = URLComponents(string: text), let scheme = components.scheme,
              ["postgresql", "postgres"].contains(scheme)
        else {
            throw .invalidArgument("--database '\(Self.redacting(text))' is not a postgresql:// URL; write postgresql://USER@HOST:PORT/DATABASE")
        }
        guard components.password == nil else {
            throw .invalidArgument("the database URL carries a password; remove it and give the password in a file (--database-password-file) or in VNEID_DATABASE_PASSWORD")
        }
        guard let user = components.user, !user.isEmpty else {
            throw .invalidArgument("the database URL names no user; write postgresql://USER@HOST/DATABASE")
        }
        let database = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        guard !database.isEmpty else {
            throw .invalidArgument("the database URL names no database; write postgresql://USER@HOST/DATABASE")
        }
        var tlsMode = TLSMode.prefer
        var rootCertificatePath: String?
        var socketDirectory: String?
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let value = item.value, let mode = TLSMode(rawValue: value) else {
                    throw .invalidArgument("sslmode '\(item.value ?? "")' is not one of \(TLSMode.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                tlsMode = mode
            case "sslrootcert": rootCertificatePath = item.value
            case "host": socketDirectory = item.value
            default:
                throw .invalidArgument("the database URL's parameter '\(item.name)' is not one VNeID Gate reads (sslmode, sslrootcert, host)")
            }
        }
        let host = components.host ?? ""
        if host.isEmpty, socketDirectory == nil { socketDirectory = "/var/run/postgresql" }
        if let socketDirectory, !socketDirectory.hasPrefix("/") {
            throw .invalidArgument("host=\(socketDirectory) in the database URL must be the absolute path of the server's socket directory")
        }
        self.host = host
        self.port = components.port ?? 5432
        self.socketDirectory = socketDirectory
        self.username = user
        self.password = password
        self.database = database
        self.tlsMode = tlsMode
        self.rootCertificatePath = rootCertificatePath
        self.maximumConnections = maximumConnections
    }

    /// The server's socket, when the URL names a socket directory.
    var socketPath: String? {
        socketDirectory.map { "\($0)/.s.PGSQL.\(port)" }
    }

    /// How long opening one connection may take.
    static let connectTimeout = Duration.seconds(5)

    /// The URL as it may be logged: it never holds a password.
    public var redactedDescription: String {
        let target = socketPath ?? "\(host):\(port)"
        return "postgresql://\(username)@\(target)/\(database)"
    }

    var clientConfiguration: PostgresClient.Configuration {
        get throws {
            var configuration: PostgresClient.Configuration
            if let socketPath {
                configuration = PostgresClient.Configuration(
                    unixSocketPath: socketPath, username: username, password: password, database: database
                )
            } else {
                let tls: PostgresClient.Configuration.TLS = switch try tlsSettings {
                case .none: .disable
                case .preferred(let settings): .prefer(settings)
                case .required(let settings): .require(settings)
                }
                configuration = PostgresClient.Configuration(
                    host: host, port: port, username: username, password: password, database: database, tls: tls
                )
            }
            configuration.options.maximumConnections = maximumConnections
            configuration.options.connectTimeout = Self.connectTimeout
            configuration.options.additionalStartupParameters = Self.sessionSettings
            return configuration
        }
    }

    /// How long a writer waits for the cluster's writer lock before giving up with
    /// `UNAVAILABLE` (the server's `lock_timeout`, set on every connection).
    static let lockTimeout = "30s"

    /// The settings every connection starts with.
    static let sessionSettings = [("lock_timeout", lockTimeout)]

    /// How TLS is used, with the settings it uses.
    enum TLSSettings {
        case none
        case preferred(TLSConfiguration)
        case required(TLSConfiguration)
    }

    var tlsSettings: TLSSettings {
        get throws {
            var unverified = TLSConfiguration.makeClientConfiguration()
            unverified.certificateVerification = .none
            switch tlsMode {
            case .disable: return .none
            case .prefer: return .preferred(unverified)
            case .require: return .required(unverified)
            case .verifyFull:
                var verified = TLSConfiguration.makeClientConfiguration()
                verified.certificateVerification = .fullVerification
                if let rootCertificatePath {
                    guard FileManager.default.isReadableFile(atPath: rootCertificatePath) else {
                        throw VNeIDError.invalidArgument("sslrootcert \(rootCertificatePath) cannot be read")
                    }
                    verified.trustRoots = .file(rootCertificatePath)
                }
                return .required(verified)
            }
        }
    }

    private static func redacting(_ text: String) -> String {
        guard var components = URLComponents(string: text), components.password != nil else { return text }
        components.password = "REDACTED"
        return components.string ?? "(unreadable URL)"
    }
}
