/// How to reach a `vneidd` daemon and who to be.
public struct VNeIDClientConfiguration: Sendable {
    /// TLS settings for the connection.
    public struct TLS: Sendable {
        /// PEM CA certificates that sign the server's certificate; `nil` trusts the system's roots.
        public var trustedCAPath: String?
        /// PEM client certificate chain, for servers that require mutual TLS.
        public var clientCertificatePath: String?
        /// PEM private key of the client certificate.
        public var clientKeyPath: String?

        /// Creates TLS settings.
        public init(trustedCAPath: String? = nil, clientCertificatePath: String? = nil, clientKeyPath: String? = nil) {
            self.trustedCAPath = trustedCAPath
            self.clientCertificatePath = clientCertificatePath
            self.clientKeyPath = clientKeyPath
        }
    }

    /// The protocol to speak to the daemon.
    public enum Transport: String, Sendable, CaseIterable {
        /// gRPC on HTTP/2, every method (the daemon's `--listen` address).
        case grpc
        /// The frames protocol for checkpoint terminals (the daemon's `--frames-listen`
        /// address): every method but `importAccounts` and `backupDatabase`, which then
        /// throw `unimplemented`.
        case frames
    }

    /// The daemon's host name or address.
    public var host: String
    /// The daemon's port.
    public var port: Int
    /// The API key sent with every call, if any.
    public var apiKey: String?
    /// TLS settings, or `nil` for plaintext (loopback and tests only).
    public var tls: TLS?
    /// How long one call may take before it fails with `deadlineExceeded`.
    public var timeout: Duration
    /// The protocol: gRPC unless told otherwise.
    public var transport: Transport

    /// Creates a configuration.
    public init(
        host: String = "127.0.0.1", port: Int = 50051, apiKey: String? = nil, tls: TLS? = nil, timeout: Duration = .seconds(30),
        transport: Transport = .grpc
    ) {
        self.host = host
        self.port = port
        self.apiKey = apiKey
        self.tls = tls
        self.timeout = timeout
        self.transport = transport
    }

    /// Parses `HOST:PORT` (IPv6 as `[::1]:PORT`) into a configuration.
    public init(server: String, apiKey: String? = nil, tls: TLS? = nil, transport: Transport = .grpc) throws(VNeIDClientError) {
        var host = Substring(server)
        var port = 50051
        if let colon = server.lastIndex(of: ":"), !server.hasSuffix("]") {
            host = server[..<colon]
            guard let parsed = Int(server[server.index(after: colon)...]), (1...65535).contains(parsed) else {
                throw VNeIDClientError(code: .invalidArgument, message: "server '\(server)' must be HOST:PORT with a port from 1 to 65535")
            }
            port = parsed
        }
        if host.hasPrefix("["), host.hasSuffix("]") { host = host.dropFirst().dropLast() }
        guard !host.isEmpty else {
            throw VNeIDClientError(code: .invalidArgument, message: "server '\(server)' has no host; for example 127.0.0.1:50051")
        }
        self.init(host: String(host), port: port, apiKey: apiKey, tls: tls, transport: transport)
    }
}
