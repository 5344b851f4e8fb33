import Foundation
import Logging
import VNeIDGRPC
import VNeIDService
import VNeIDTokens

/// Everything `vneidd` can be told, with its defaults.
///
/// Read in one place, lowest precedence first: built-in defaults, the JSON configuration
/// file, `VNEID_*` environment variables, command-line flags.
struct DaemonConfiguration: Equatable {
    var dataDirectory = "vneid-data"
    var listen = "127.0.0.1:50051"
    var tlsCertificate: String?
    var tlsKey: String?
    var tlsClientCA: String?
    var logLevel: Logger.Level = .info
    var allowInsecurePlaintext = false
    var trustedIssuers: [TrustedIssuer] = []
    var clockSkewSeconds: Double = 60
    var answerReuseSeconds: Double = 5
    var developmentIssuer = false
    /// The working-day calendar file; `nil` for the one that ships with the daemon.
    var workingDaysFile: String?
    /// Where to serve Prometheus metrics (`host:port`); `nil` for nowhere.
    var metricsListen: String?
    /// Where to serve the frames protocol for checkpoint terminals (`host:port`); `nil` for
    /// nowhere.
    var framesListen: String?
    /// A `postgresql://` URL: the shared store instead of the data directory's SQLite file.
    var database: String?
    /// The file holding the database password.
    var databasePasswordFile: String?
    /// The database password, from the environment only (never a flag).
    var databasePassword: String?
    /// Limits on clients and on what they send.
    var limits = DaemonLimits()
    /// How log lines are written: text for a terminal, JSON for a log pipeline.
    var logFormat = LogFormat.text
    /// Whether gRPC server reflection is served.
    var reflection = false

    /// The configuration file's shape: every key optional, names as in the README.
    struct File: Decodable {
        var dataDir: String?
        var listen: String?
        var tlsCert: String?
        var tlsKey: String?
        var tlsClientCA: String?
        var logLevel: String?
        var allowInsecurePlaintext: Bool?
        var trustedIssuers: [TrustedIssuer]?
        var clockSkewSeconds: Double?
        var answerReuseSeconds: Double?
        var devIssuer: Bool?
        var workingDaysFile: String?
        var metricsListen: String?
        var framesListen: String?
        var database: String?
        var databasePasswordFile: String?
        var limits: [String: Int]?
        var logFormat: String?
        var reflection: Bool?
    }

    /// Applies a configuration file.
    mutating func apply(fileAt path: String) throws {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw ConfigurationError("cannot read configuration file \(path): \(error.localizedDescription)")
        }
        let file: File
        do { file = try JSONDecoder().decode(File.self, from: data) } catch {
            throw ConfigurationError("configuration file \(path) is not valid: \(error)")
        }
        try apply(
            dataDirectory: file.dataDir, listen: file.listen, tlsCertificate: file.tlsCert,
            tlsKey: file.tlsKey, tlsClientCA: file.tlsClientCA, logLevel: file.logLevel,
            allowInsecurePlaintext: file.allowInsecurePlaintext, source: path
        )
        if let issuers = file.trustedIssuers { trustedIssuers = issuers }
        try applyAuthentication(
            trust: nil, clockSkew: file.clockSkewSeconds.map { "\($0)" }, answerReuse: file.answerReuseSeconds.map { "\($0)" },
            developmentIssuer: file.devIssuer, source: path
        )
        applyOrders(workingDaysFile: file.workingDaysFile, metricsListen: file.metricsListen, framesListen: file.framesListen)
        applyDatabase(url: file.database, passwordFile: file.databasePasswordFile)
        try applyOperations(logFormat: file.logFormat, reflection: file.reflection, source: path)
        for (name, value) in (file.limits ?? [:]).sorted(by: { $0.key < $1.key }) {
            try limits.apply(name: name, value: String(value), source: path)
        }
    }

    /// Applies the `VNEID_*` environment variables that are set.
    mutating func apply(environment: [String: String]) throws {
        try apply(
            dataDirectory: environment["VNEID_DATA_DIR"], listen: environment["VNEID_LISTEN"],
            tlsCertificate: environment["VNEID_TLS_CERT"], tlsKey: environment["VNEID_TLS_KEY"],
            tlsClientCA: environment["VNEID_TLS_CLIENT_CA"], logLevel: environment["VNEID_LOG_LEVEL"],
            allowInsecurePlaintext: environment["VNEID_ALLOW_INSECURE_PLAINTEXT"].map(Self.isTrue),
            source: "the environment"
        )
        try applyAuthentication(
            trust: environment["VNEID_TRUST"].map { $0.split(separator: ",").map { String($0) } },
            clockSkew: environment["VNEID_CLOCK_SKEW"], answerReuse: environment["VNEID_ANSWER_REUSE"],
            developmentIssuer: environment["VNEID_DEV_ISSUER"].map(Self.isTrue), source: "the environment"
        )
        applyOrders(
            workingDaysFile: environment["VNEID_WORKING_DAYS"], metricsListen: environment["VNEID_METRICS_LISTEN"],
            framesListen: environment["VNEID_FRAMES_LISTEN"]
        )
        applyDatabase(url: environment["VNEID_DATABASE"], passwordFile: environment["VNEID_DATABASE_PASSWORD_FILE"])
        if let password = environment["VNEID_DATABASE_PASSWORD"] { databasePassword = password }
        try applyOperations(
            logFormat: environment["VNEID_LOG_FORMAT"], reflection: environment["VNEID_REFLECTION"].map(Self.isTrue),
            source: "the environment"
        )
        if let entries = environment["VNEID_LIMITS"] {
            try limits.apply(entries.split(separator: ",").map(String.init), source: "the environment")
        }
    }

    /// Applies the calendar and the extra listeners from any source; `nil` leaves a value
    /// as it is.
    mutating func applyOrders(workingDaysFile: String?, metricsListen: String?, framesListen: String?) {
        if let workingDaysFile { self.workingDaysFile = workingDaysFile }
        if let metricsListen { self.metricsListen = metricsListen }
        if let framesListen { self.framesListen = framesListen }
    }

    /// The metrics endpoint's host and port, if one is configured.
    func metricsAddress() throws -> (host: String, port: Int)? {
        guard let metricsListen else { return nil }
        return try Self.parseListen(metricsListen)
    }

    static func isTrue(_ text: String) -> Bool { ["1", "true", "yes"].contains(text.lowercased()) }

    /// Applies the token-authentication settings from any source; `nil` leaves a value as
    /// it is. `trust` holds `ISSUER=JWKS_PATH` entries and replaces the list.
    mutating func applyAuthentication(
        trust: [String]?, clockSkew: String?, answerReuse: String?, developmentIssuer: Bool?, source: String
    ) throws {
        if let trust, !trust.isEmpty {
            trustedIssuers = try trust.map { entry in
                guard let equals = entry.firstIndex(of: "="), equals != entry.startIndex, entry.index(after: equals) != entry.endIndex else {
                    throw ConfigurationError("trusted issuer '\(entry)' from \(source) must be ISSUER=JWKS_FILE, for example https://id.vneid.gov.vn=/etc/vneid/vneid.jwks.json")
                }
                return TrustedIssuer(issuer: String(entry[..<equals]), jwksPath: String(entry[entry.index(after: equals)...]))
            }
        }
        if let clockSkew {
            guard let seconds = Double(clockSkew), (0...3600).contains(seconds) else {
                throw ConfigurationError("clock skew '\(clockSkew)' from \(source) must be a number of seconds from 0 to 3600")
            }
            clockSkewSeconds = seconds
        }
        if let answerReuse {
            guard let seconds = Double(answerReuse), (0...3600).contains(seconds) else {
                throw ConfigurationError("answer reuse '\(answerReuse)' from \(source) must be a number of seconds from 0 to 3600")
            }
            answerReuseSeconds = seconds
        }
        if let developmentIssuer { self.developmentIssuer = developmentIssuer }
    }

    /// Applies values from any source; `nil` leaves a value as it is.
    mutating func apply(
        dataDirectory: String?, listen: String?, tlsCertificate: String?, tlsKey: String?,
        tlsClientCA: String?, logLevel: String?, allowInsecurePlaintext: Bool?, source: String
    ) throws {
        if let dataDirectory { self.dataDirectory = dataDirectory }
        if let listen { self.listen = listen }
        if let tlsCertificate { self.tlsCertificate = tlsCertificate }
        if let tlsKey { self.tlsKey = tlsKey }
        if let tlsClientCA { self.tlsClientCA = tlsClientCA }
        if let logLevel {
            guard let level = Logger.Level(rawValue: logLevel.lowercased()) else {
                throw ConfigurationError("log level '\(logLevel)' from \(source) is not one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            self.logLevel = level
        }
        if let allowInsecurePlaintext { self.allowInsecurePlaintext = allowInsecurePlaintext }
    }

    /// The frames listener's configuration, if one is configured: its own address, with the
    /// gRPC listener's TLS files and limits, and the same refusal of plaintext off loopback.
    func framesServerConfiguration() throws -> ServerConfiguration? {
        guard let framesListen else { return nil }
        return try serverConfiguration(listen: framesListen)
    }

    /// Checks the values against each other and builds the gRPC server's configuration.
    func serverConfiguration() throws -> ServerConfiguration {
        try serverConfiguration(listen: listen)
    }

    private func serverConfiguration(listen: String) throws -> ServerConfiguration {
        let (host, port) = try Self.parseListen(listen)
        var configuration = ServerConfiguration(host: host, port: port, limits: limits.server)
        switch (tlsCertificate, tlsKey) {
        case let (certificate?, key?):
            configuration.tls = .init(certificatePath: certificate, privateKeyPath: key, clientCAPath: tlsClientCA)
        case (nil, nil):
            if tlsClientCA != nil {
                throw ConfigurationError("a client CA (--tls-client-ca) needs TLS: also give --tls-cert and --tls-key")
            }
        default:
            throw ConfigurationError("TLS needs both --tls-cert and --tls-key")
        }
        if configuration.tls == nil, !configuration.isLoopback, !allowInsecurePlaintext {
            throw ConfigurationError("refusing to serve plaintext on \(listen), which is reachable from other machines: configure --tls-cert and --tls-key, or pass --allow-insecure-plaintext")
        }
        return configuration
    }

    /// Splits `HOST:PORT` (IPv6 as `[::1]:PORT`).
    static func parseListen(_ text: String) throws -> (host: String, port: Int) {
        let host: Substring
        let portText: Substring
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            host = text[text.index(after: text.startIndex)..<close]
            guard text[close...].hasPrefix("]:") else { throw ConfigurationError("listen address '\(text)' needs a port: [HOST]:PORT") }
            portText = text[text.index(close, offsetBy: 2)...]
        } else if let colon = text.lastIndex(of: ":") {
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
        } else {
            throw ConfigurationError("listen address '\(text)' must be HOST:PORT, for example 127.0.0.1:50051")
        }
        guard !host.isEmpty else { throw ConfigurationError("listen address '\(text)' has no host; for example 127.0.0.1:50051") }
        guard let port = Int(portText), (0...65535).contains(port) else {
            throw ConfigurationError("listen address '\(text)' has port '\(portText)', which is not a number from 0 to 65535")
        }
        return (String(host), port)
    }
}

/// A configuration problem, reported to the operator and ending the process with status 2.
struct ConfigurationError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
