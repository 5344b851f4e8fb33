import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import Prometheus
import ServiceLifecycle
import Synchronization

/// Serves the Prometheus registry as text at `GET /metrics` over plain HTTP/1.1, on its
/// own listener (keep it on loopback or a management network). The process figures are
/// read afresh for each scrape.
final class MetricsEndpoint: Service, Sendable {
    private let registry: PrometheusCollectorRegistry
    private let process: ProcessMetrics
    private let host: String
    private let port: Int
    private let logger: Logger
    private let bound = Mutex<(any Channel)?>(nil)

    init(registry: PrometheusCollectorRegistry, host: String, port: Int, logger: Logger) {
        self.registry = registry
        process = ProcessMetrics(registry: registry)
        self.host = host
        self.port = port
        self.logger = logger
    }

    /// Binds the listener and returns its address, `host:port`. Call before `run()`.
    func bind() async throws -> String {
        let registry = self.registry
        let process = self.process
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline().flatMap {
                    channel.pipeline.addHandler(MetricsHTTPHandler(registry: registry, process: process))
                }
            }
            .bind(host: host, port: port)
            .get()
        bound.withLock { $0 = channel }
        let address = channel.localAddress
        return "\(address?.ipAddress ?? host):\(address?.port ?? port)"
    }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while (try? await Task.sleep(for: .seconds(3600))) != nil {}
        }
        try await bound.withLock { $0 }?.close()
    }
}

/// Answers `GET /metrics` with the registry's text; anything else with 404.
private final class MetricsHTTPHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let registry: PrometheusCollectorRegistry
    let process: ProcessMetrics

    init(registry: PrometheusCollectorRegistry, process: ProcessMetrics) {
        self.registry = registry
        self.process = process
    }

    /// Anything that is not HTTP/1.1 closes the connection.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(let request) = unwrapInboundIn(data) else { return }
        let found = request.method == .GET && (request.uri == "/metrics" || request.uri.hasPrefix("/metrics?"))
        if found { process.refresh() }
        let body = found ? registry.emitToBuffer() : Array("not found: metrics are at GET /metrics\n".utf8)
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: found ? "text/plain; version=0.0.4; charset=utf-8" : "text/plain; charset=utf-8")
        headers.add(name: "Content-Length", value: "\(body.count)")
        headers.add(name: "Connection", value: "close")
        let head = HTTPResponseHead(version: request.version, status: found ? .ok : .notFound, headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))), promise: nil)
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
    }
}
