import Logging
import NIOCore
import NIOPosix
import NIOSSL
import ServiceLifecycle
import Synchronization
import SwiftProtobuf
import VNeIDFramesCodec
import VNeIDProto
import VNeIDService

/// The daemon's frames face for border checkpoint terminals: the vneid.v1 API as
/// length-prefixed protobuf frames on TCP or TLS (`proto/vneid/v1/frames.md`), served by
/// the same handlers, gate and access policy as gRPC, one more service in the daemon's
/// group.
///
/// Calls are routed by name through the service layer's method tables (`UnaryMethod`,
/// `StreamingMethod`) rather than through grpc-swift's server machinery: a measurement on
/// this machine put GRPCCore's in-process round trip at about 82 µs of CPU per call
/// against 0.5 µs for the table (tools/transport-probe).
public final class FramesServer: Service {
    private let configuration: ServerConfiguration
    private let layer: ServiceLayer
    private let logger: Logger
    private let tls: NIOSSLContext?
    private let shutdown = FramesShutdown()
    private let census: ConnectionCensus
    private let observer: CallObserver
    private let address = Mutex<(bound: Result<String, any Error>?, waiters: [CheckedContinuation<String, any Error>])>((nil, []))

    /// Builds the server; it listens when `run()` is called. Throws when the TLS files
    /// cannot be read. `census` counts connections against the cap; give the daemon's
    /// shared one so the cap holds across transports (by default the server counts its own).
    public init(configuration: ServerConfiguration, layer: ServiceLayer, census: ConnectionCensus? = nil, logger: Logger) throws {
        self.configuration = configuration
        self.layer = layer
        self.logger = logger
        self.census = census ?? ConnectionCensus(limit: configuration.limits.maximumConnections, logger: logger)
        observer = CallObserver(transport: "frames", logger: logger)
        tls = try configuration.tls.map(Self.tlsContext)
    }

    /// The address the server is bound to, once it listens: `host:port`.
    public var listeningAddress: String {
        get async throws {
            try await withCheckedThrowingContinuation { continuation in
                let bound = address.withLock { state in
                    if state.bound == nil { state.waiters.append(continuation) }
                    return state.bound
                }
                if let bound { continuation.resume(with: bound) }
            }
        }
    }

    /// Serves until graceful shutdown: then every connection gets `goaway`, its calls in
    /// flight finish (watches end, as the daemon has closed their change signal), and it
    /// closes.
    public func run() async throws {
        let listener: NIOAsyncChannel<NIOAsyncChannel<FramesInbound, ByteBuffer>, Never>
        do {
            let maximumFrameBytes = configuration.limits.maximumMessageBytes + 64 * 1024
            let tls = self.tls
            listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .serverChannelOption(.backlog, value: 256)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
                .bind(host: configuration.host == "localhost" ? "127.0.0.1" : configuration.host, port: configuration.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if let tls { try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls)) }
                        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(FrameDecoder(maximumFrameBytes: maximumFrameBytes)))
                        return try NIOAsyncChannel<FramesInbound, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            publish(.failure(error))
            throw error
        }
        publish(.success(Self.describe(listener.channel.localAddress)))
        let shutdown = self.shutdown
        try await withGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { group in
                try await listener.executeThenClose { connections in
                    for try await connection in connections {
                        group.addTask { await self.serve(connection) }
                    }
                }
            }
        } onGracefulShutdown: {
            shutdown.begin()
            listener.channel.close(promise: nil)
        }
    }

    private func serve(_ connection: NIOAsyncChannel<FramesInbound, ByteBuffer>) async {
        guard census.admit() else {
            try? await connection.executeThenClose { _, outbound in
                var refusal = Vneid_V1_Frame()
                refusal.goaway = .with {
                    $0.code = 8
                    $0.message = "this daemon serves \(census.limit) connections at most; try again later or another daemon"
                }
                var buffer = ByteBuffer(bytes: FramesPreface.bytes)
                var frame = try refusal.encodedBuffer()
                buffer.writeBuffer(&frame)
                try await outbound.write(buffer)
            }
            return
        }
        defer { census.release() }
        do {
            let eventLoop = connection.channel.eventLoop
            try await connection.executeThenClose { inbound, outbound in
                let served = FramesConnection(
                    layer: layer, limits: configuration.limits, outbound: outbound, eventLoop: eventLoop,
                    observer: observer, logger: logger
                )
                await served.serve(inbound: inbound, shutdown: shutdown)
            }
        } catch {
            logger.debug("frames connection closed with an error", metadata: ["error": "\(error)"])
        }
    }

    private func publish(_ result: Result<String, any Error>) {
        let waiters = address.withLock { state in
            state.bound = result
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(with: result) }
    }

    private static func describe(_ address: SocketAddress?) -> String {
        guard let address, let port = address.port else { return "unknown" }
        switch address {
        case .v6: return "[\(address.ipAddress ?? "::")]:\(port)"
        default: return "\(address.ipAddress ?? "?"):\(port)"
        }
    }

    /// The TLS context of the gRPC listener's files: its certificate and key, and when a
    /// client CA is given, a client certificate required and checked against it.
    private static func tlsContext(_ files: ServerConfiguration.TLSFiles) throws -> NIOSSLContext {
        var tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(files.certificatePath).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(file: files.privateKeyPath, format: .pem))
        )
        if let clientCA = files.clientCAPath {
            tls.trustRoots = .file(clientCA)
            tls.certificateVerification = .noHostnameVerification
        }
        return try NIOSSLContext(configuration: tls)
    }
}
