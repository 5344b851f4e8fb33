/// Where and how the gRPC server listens.
public struct ServerConfiguration: Sendable, Equatable {
    /// Files that turn on TLS.
    public struct TLSFiles: Sendable, Equatable {
        /// PEM certificate chain of the server.
        public var certificatePath: String
        /// PEM private key of the server.
        public var privateKeyPath: String
        /// PEM CA certificates; when set, clients must present a certificate they sign (mTLS).
        public var clientCAPath: String?

        /// Creates a TLS configuration.
        public init(certificatePath: String, privateKeyPath: String, clientCAPath: String? = nil) {
            self.certificatePath = certificatePath
            self.privateKeyPath = privateKeyPath
            self.clientCAPath = clientCAPath
        }
    }

    /// The address to bind: an IPv4 or IPv6 literal, or `localhost`.
    public var host: String
    /// The port to bind; 0 picks a free one.
    public var port: Int
    /// TLS, or `nil` for plaintext.
    public var tls: TLSFiles?

    /// Creates a configuration.
    public init(host: String = "127.0.0.1", port: Int = 50051, tls: TLSFiles? = nil) {
        self.host = host
        self.port = port
        self.tls = tls
    }

    /// Whether the server is reachable only from this machine.
    public var isLoopback: Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}
