import ArgumentParser
import Foundation
import VNeIDClient

/// Where the daemon is and how to authenticate to it; shared by every command.
struct ConnectionOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Daemon address: its gRPC address, or with --transport frames its frames address. Default: 127.0.0.1:50051, or 127.0.0.1:50052 for frames. (VNEID_SERVER)", valueName: "host:port"))
    var server: String?

    @Option(help: ArgumentHelp("grpc, or frames: the lean protocol for checkpoint terminals, which serves every call but 'accounts import' and 'backup'. Default: grpc. (VNEID_TRANSPORT)", valueName: "transport"))
    var transport: String?

    @Option(name: .customLong("api-key"), help: ArgumentHelp("API key (visible to other local users in the process list: prefer VNEID_API_KEY or --api-key-file).", valueName: "key"))
    var apiKey: String?

    @Option(name: .customLong("api-key-file"), help: ArgumentHelp("File holding the API key, such as DATA_DIR/admin.key. (VNEID_API_KEY_FILE)", valueName: "file"))
    var apiKeyFile: String?

    @Flag(help: "Use TLS, trusting the system's CA certificates (implied by --tls-ca and --tls-cert).")
    var tls = false

    @Option(name: .customLong("tls-ca"), help: ArgumentHelp("PEM CA certificate(s) that sign the daemon's certificate. (VNEID_TLS_CA)", valueName: "file"))
    var tlsCA: String?

    @Option(name: .customLong("tls-cert"), help: ArgumentHelp("PEM client certificate, for a daemon that requires mutual TLS. (VNEID_TLS_CERT)", valueName: "file"))
    var tlsCertificate: String?

    @Option(name: .customLong("tls-key"), help: ArgumentHelp("PEM private key of the client certificate. (VNEID_TLS_KEY)", valueName: "file"))
    var tlsKey: String?

    @Option(help: ArgumentHelp("Seconds a call may take. Default: 30.", valueName: "seconds"))
    var timeout: Double = 30

    /// Builds the client configuration from flags, then environment, then defaults.
    func clientConfiguration() throws -> VNeIDClientConfiguration {
        let environment = ProcessInfo.processInfo.environment
        let ca = tlsCA ?? environment["VNEID_TLS_CA"]
        let certificate = tlsCertificate ?? environment["VNEID_TLS_CERT"]
        let key = tlsKey ?? environment["VNEID_TLS_KEY"]
        guard (certificate == nil) == (key == nil) else {
            throw ValidationError("a client certificate needs both --tls-cert and --tls-key")
        }
        let useTLS = tls || ca != nil || certificate != nil
        let transportName = transport ?? environment["VNEID_TRANSPORT"] ?? "grpc"
        guard let chosen = VNeIDClientConfiguration.Transport(rawValue: transportName) else {
            throw ValidationError("--transport must be grpc or frames, not '\(transportName)'")
        }
        var configuration = try VNeIDClientConfiguration(
            server: server ?? environment["VNEID_SERVER"] ?? (chosen == .frames ? "127.0.0.1:50052" : "127.0.0.1:50051"),
            apiKey: try resolvedAPIKey(environment),
            tls: useTLS ? .init(trustedCAPath: ca, clientCertificatePath: certificate, clientKeyPath: key) : nil,
            transport: chosen
        )
        configuration.timeout = .milliseconds(Int64(timeout * 1000))
        return configuration
    }

    /// Connects and runs `body`, turning client errors into a message and an exit code.
    func withClient<Result: Sendable>(_ body: (VNeIDClient) async throws -> Result) async throws -> Result {
        do {
            return try await VNeIDClient.withConnection(try clientConfiguration(), body)
        } catch let error as VNeIDClientError {
            throw CommandFailure(error)
        }
    }

    private func resolvedAPIKey(_ environment: [String: String]) throws -> String? {
        if let apiKey { return apiKey }
        if let file = apiKeyFile ?? environment["VNEID_API_KEY_FILE"] {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw ValidationError("cannot read the API key file \(file)")
            }
            return text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return environment["VNEID_API_KEY"]
    }
}
