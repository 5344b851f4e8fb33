/// Where and how a listener (the gRPC server, the frames server) listens, and the limits
/// it holds its clients to: one type, so both transports take the same settings.
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

    /// Limits on what one client may hold or send, each answered precisely when exceeded.
    public struct Limits: Sendable, Equatable {
        /// The largest request message, in bytes; a larger one is answered
        /// `RESOURCE_EXHAUSTED` naming the limit.
        public var maximumMessageBytes: Int
        /// Calls in flight on one connection, advertised to clients in HTTP/2
        /// `SETTINGS_MAX_CONCURRENT_STREAMS` so that they queue the rest.
        public var maximumStreamsPerConnection: Int
        /// Open connections; further ones are closed at once. Lowered at start to what the
        /// open-file limit allows.
        public var maximumConnections: Int
        /// Response bytes one stream may have waiting for a reader that does not read; past
        /// it the stream is reset.
        public var maximumBufferedBytesPerStream: Int
        /// How long a new connection may take to send its opening bytes.
        public var handshakeTimeout: Duration
        /// How long a connection with no call in flight stays open.
        public var idleTimeout: Duration

        /// Creates limits; the defaults suit a daemon serving a few hundred clients.
        public init(
            maximumMessageBytes: Int = 4 * 1024 * 1024, maximumStreamsPerConnection: Int = 100,
            maximumConnections: Int = 1_000, maximumBufferedBytesPerStream: Int = 1 << 20,
            handshakeTimeout: Duration = .seconds(10), idleTimeout: Duration = .seconds(300)
        ) {
            self.maximumBufferedBytesPerStream = maximumBufferedBytesPerStream
            self.maximumMessageBytes = maximumMessageBytes
            self.maximumStreamsPerConnection = maximumStreamsPerConnection
            self.maximumConnections = maximumConnections
            self.handshakeTimeout = handshakeTimeout
            self.idleTimeout = idleTimeout
        }
    }

    /// The address to bind: an IPv4 or IPv6 literal, or `localhost`.
    public var host: String
    /// The port to bind; 0 picks a free one.
    public var port: Int
    /// TLS, or `nil` for plaintext.
    public var tls: TLSFiles?
    /// Limits on clients.
    public var limits: Limits

    /// Creates a configuration.
    public init(host: String = "127.0.0.1", port: Int = 50051, tls: TLSFiles? = nil, limits: Limits = Limits()) {
        self.host = host
        self.port = port
        self.tls = tls
        self.limits = limits
    }

    /// Whether the server is reachable only from this machine.
    public var isLoopback: Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}
