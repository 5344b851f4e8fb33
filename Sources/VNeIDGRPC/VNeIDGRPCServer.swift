import GRPCCore
import GRPCNIOTransportHTTP2
import Logging
import NIOCore
import ServiceLifecycle
import VNeIDCore
import VNeIDGRPCStubs
import VNeIDProto
import VNeIDService

/// The daemon's gRPC face: the VNeID services and the health service on one HTTP/2
/// listener, with authentication, authorization and request logging as interceptors.
public final class VNeIDGRPCServer: Service {
    private let transport: HTTP2ServerTransport.Posix
    private let server: GRPCServer<HTTP2ServerTransport.Posix>

    /// Builds the server; it starts listening when `run()` is called.
    /// `census` counts connections against the cap; give the daemon's shared one so the cap
    /// holds across transports (by default the server counts its own).
    /// With `reflection`, it also serves gRPC server reflection (v1 and v1alpha).
    public init(
        configuration: ServerConfiguration, layer: ServiceLayer, census: ConnectionCensus? = nil,
        reflection: Bool = false, logger: Logger
    ) {
        var services: [any RegistrableRPCService] = [
            AccountServiceAdapter(handlers: layer.accounts, statusChanges: layer.statusChanges),
            PrincipalServiceAdapter(handlers: layer.principals),
            ServiceRegistryAdapter(handlers: layer.services),
            AuthenticationServiceAdapter(handlers: layer.authentication),
            OrderServiceAdapter(handlers: layer.orders),
            AuthorizationServiceAdapter(handlers: layer.authorizations),
            NoticeServiceAdapter(handlers: layer.notices),
            AuditServiceAdapter(handlers: layer.audit),
            OperationsServiceAdapter(backups: layer.backups),
        ]
        let vneidServices = [
            Vneid_V1_AccountService.descriptor, Vneid_V1_PrincipalService.descriptor,
            Vneid_V1_ServiceRegistry.descriptor, Vneid_V1_AuthenticationService.descriptor,
            Vneid_V1_OrderService.descriptor, Vneid_V1_AuthorizationService.descriptor,
            Vneid_V1_NoticeService.descriptor, Vneid_V1_AuditService.descriptor,
            Vneid_V1_OperationsService.descriptor,
        ]
        let health = HealthService(serviceNames: vneidServices.map(\.fullyQualifiedService), serving: layer.serving)
        var authenticated = Set(vneidServices)
        if reflection {
            let reflectionServices = [Grpc_Reflection_V1_ServerReflection.descriptor, ReflectionServiceV1Alpha.descriptor]
            let served = vneidServices + reflectionServices + [Grpc_Health_V1_Health.descriptor]
            do {
                let index = try DescriptorIndex(services: served.map(\.fullyQualifiedService))
                let v1 = ReflectionService(index: index)
                services += [v1, ReflectionServiceV1Alpha(v1: v1)]
                authenticated.formUnion(reflectionServices)
            } catch {
                logger.error("cannot serve reflection: the generated descriptor set does not read (\(error)); run tools/generate-protos")
            }
        }

        let address: GRPCNIOTransportHTTP2.SocketAddress = configuration.host.contains(":")
            ? .ipv6(host: configuration.host, port: configuration.port)
            : .ipv4(host: configuration.host == "localhost" ? "127.0.0.1" : configuration.host, port: configuration.port)
        transport = HTTP2ServerTransport.Posix(
            address: address,
            transportSecurity: Self.transportSecurity(configuration.tls),
            config: Self.transportConfiguration(
                configuration.limits, census: census ?? ConnectionCensus(limit: configuration.limits.maximumConnections, logger: logger),
                logger: logger
            )
        )
        server = GRPCServer(
            transport: transport,
            services: services + [health],
            interceptorPipeline: [
                .apply(CallObservingInterceptor(observer: CallObserver(transport: "grpc", logger: logger)), to: .all),
                .apply(
                    AuthenticationInterceptor(gate: layer.gate, inputLimits: layer.inputLimits, serving: layer.serving, logger: logger),
                    to: .services(authenticated)
                ),
            ]
        )
    }

    /// The address the server is bound to, once it listens: `host:port`.
    public var listeningAddress: String {
        get async throws {
            let address = try await transport.listeningAddress
            if let ipv4 = address.ipv4 { return "\(ipv4.host):\(ipv4.port)" }
            if let ipv6 = address.ipv6 { return "[\(ipv6.host)]:\(ipv6.port)" }
            return address.description
        }
    }

    /// Serves until graceful shutdown, letting calls in flight finish. The daemon starts
    /// the shutdown of every transport first (`ServiceLayer.beginShutdown()`).
    public func run() async throws {
        try await GRPCServerService(server: server).run()
    }

    /// The HTTP/2 transport with the daemon's limits: streams advertised, idle connections
    /// closed, and handlers of ours on every connection and every stream.
    private static func transportConfiguration(_ limits: ServerConfiguration.Limits, census: ConnectionCensus, logger: Logger) -> HTTP2ServerTransport.Posix.Config {
        let handshakeTimeout = TimeAmount(limits.handshakeTimeout)
        let messageLimit = limits.maximumMessageBytes
        let bufferLimit = limits.maximumBufferedBytesPerStream
        return .defaults { config in
            config.http2.maxConcurrentStreams = limits.maximumStreamsPerConnection
            config.rpc.maxRequestPayloadSize = messageLimit
            config.connection.maxIdleTime = limits.idleTimeout
            config.channelDebuggingCallbacks.onAcceptTCPConnection = { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        ConnectionGuard(census: census, handshakeTimeout: handshakeTimeout), position: .first
                    )
                }
            }
            config.channelDebuggingCallbacks.onAcceptHTTP2Stream = { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandlers(
                        [MessageSizeGuard(limit: messageLimit), StreamBufferGuard(limit: bufferLimit, logger: logger)],
                        position: .first
                    )
                }
            }
        }
    }

    private static func transportSecurity(
        _ tls: ServerConfiguration.TLSFiles?
    ) -> HTTP2ServerTransport.Posix.TransportSecurity {
        guard let tls else { return .plaintext }
        let chain: [TLSConfig.CertificateSource] = [.file(path: tls.certificatePath, format: .pem)]
        let key: TLSConfig.PrivateKeySource = .file(path: tls.privateKeyPath, format: .pem)
        guard let clientCAPath = tls.clientCAPath else {
            return .tls(certificateChain: chain, privateKey: key)
        }
        return .mTLS(certificateChain: chain, privateKey: key) { config in
            config.trustRoots = .certificates([.file(path: clientCAPath, format: .pem)])
            config.clientCertificateVerification = .noHostnameVerification
        }
    }
}
