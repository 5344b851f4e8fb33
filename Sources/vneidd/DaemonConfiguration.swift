import Foundation
import Logging
import VNeIDGRPC

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

    /// The configuration file's shape: every key optional, names as in the README.
    struct File: Decodable {
        var dataDir: String?
        var listen: String?
        var tlsCert: String?
        var tlsKey: String?
        var tlsClientCA: String?
        var logLevel: String?
        var allowInsecurePlaintext: Bool?
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
    }

    /// Applies the `VNEID_*` environment variables that are set.
    mutating func apply(environment: [String: String]) throws {
        try apply(
            dataDirectory: environment["VNEID_DATA_DIR"], listen: environment["VNEID_LISTEN"],
            tlsCertificate: environment["VNEID_TLS_CERT"], tlsKey: environment["VNEID_TLS_KEY"],
            tlsClientCA: environment["VNEID_TLS_CLIENT_CA"], logLevel: environment["VNEID_LOG_LEVEL"],
            allowInsecurePlaintext: environment["VNEID_ALLOW_INSECURE_PLAINTEXT"].map { ["1", "true", "yes"].contains($0.lowercased()) },
            source: "the environment"
        )
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

    /// Checks the values against each other and builds the server configuration.
    func serverConfiguration() throws -> ServerConfiguration {
        let (host, port) = try Self.parseListen(listen)
        var configuration = ServerConfiguration(host: host, port: port)
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
