import ArgumentParser
import NIOCore
import NIOHPACK
import NIOHTTP2
import NIOPosix
import VNeIDClient

/// A minimal gRPC client for load generation: unary calls as raw HTTP/2 frames on one
/// connection, with none of a full client's machinery (no per-call tasks, interceptors or
/// stream channels). It costs the shared CPU far less per call than a full client, so a
/// benchmark on the daemon's own machine measures more of the daemon, as `h2load` does for
/// calls with a fixed body. Real gRPC on the wire: request headers, a length-prefixed
/// message, `grpc-status` in the trailers.
final class LeanGRPCConnection: Sendable {
    /// A call that did not end with `grpc-status: 0`.
    struct CallFailure: Error, CustomStringConvertible {
        let description: String
    }

    struct Request: Sendable {
        var path: String
        var authorization: String
        var message: [UInt8]
        var promise: EventLoopPromise<[UInt8]>
    }

    private let channel: any Channel

    private init(channel: any Channel) {
        self.channel = channel
    }

    /// Opens a plaintext HTTP/2 connection to `host:port`.
    static func connect(host: String, port: Int) async throws -> LeanGRPCConnection {
        let authority = "\(host):\(port)"
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let handlers = channel.pipeline.syncOperations
                    try handlers.addHandler(NIOHTTP2Handler(mode: .client))
                    try handlers.addHandler(UnaryCallHandler(authority: authority))
                }
            }
            .connect(host: host, port: port).get()
        return LeanGRPCConnection(channel: channel)
    }

    /// Opens `count` connections to the daemon `configuration` names, and the
    /// `authorization` header value its API key makes.
    static func connectAll(
        count: Int, configuration: VNeIDClientConfiguration
    ) async throws -> (connections: [LeanGRPCConnection], authorization: String) {
        guard configuration.tls == nil else { throw ValidationError("--lean speaks plaintext HTTP/2 only") }
        guard configuration.transport == .grpc else { throw ValidationError("--lean speaks gRPC; use it with --transport grpc and the daemon's gRPC address") }
        guard let apiKey = configuration.apiKey else { throw ValidationError("an API key is needed (VNEID_API_KEY or --api-key-file)") }
        var opened: [LeanGRPCConnection] = []
        for _ in 0..<count { opened.append(try await connect(host: configuration.host, port: configuration.port)) }
        return (opened, "Bearer \(apiKey)")
    }

    /// Sends one unary call and returns the response message's bytes.
    func unary(path: String, authorization: String, message: [UInt8]) async throws -> [UInt8] {
        let promise = channel.eventLoop.makePromise(of: [UInt8].self)
        channel.writeAndFlush(Request(path: path, authorization: authorization, message: message, promise: promise), promise: nil)
        return try await promise.futureResult.get()
    }

    /// Closes the connection.
    func close() async {
        try? await channel.close()
    }
}

/// Turns requests into HTTP/2 streams and frames back into responses, on the event loop.
private final class UnaryCallHandler: ChannelDuplexHandler {
    typealias InboundIn = HTTP2Frame
    typealias OutboundIn = LeanGRPCConnection.Request
    typealias OutboundOut = HTTP2Frame

    private struct Pending {
        var promise: EventLoopPromise<[UInt8]>
        var body: [UInt8] = []
        var status: String?
        var message: String?
    }

    private let authority: String
    private var nextStreamID: Int32 = 1
    private var pending: [HTTP2StreamID: Pending] = [:]
    private var unacknowledgedBytes = 0

    init(authority: String) {
        self.authority = authority
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        let streamID = HTTP2StreamID(nextStreamID)
        nextStreamID += 2
        pending[streamID] = Pending(promise: request.promise)
        let headers = HPACKHeaders([
            (":method", "POST"), (":scheme", "http"), (":path", request.path), (":authority", authority),
            ("content-type", "application/grpc"), ("te", "trailers"), ("authorization", request.authorization),
        ])
        context.write(wrapOutboundOut(HTTP2Frame(streamID: streamID, payload: .headers(.init(headers: headers)))), promise: nil)
        var buffer = context.channel.allocator.buffer(capacity: 5 + request.message.count)
        buffer.writeInteger(UInt8(0))
        buffer.writeInteger(UInt32(request.message.count))
        buffer.writeBytes(request.message)
        context.write(wrapOutboundOut(HTTP2Frame(streamID: streamID, payload: .data(.init(data: .byteBuffer(buffer), endStream: true)))), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        switch frame.payload {
        case .headers(let headers):
            if let status = headers.headers.first(name: "grpc-status") {
                pending[frame.streamID]?.status = status
                pending[frame.streamID]?.message = headers.headers.first(name: "grpc-message")
            }
            if headers.endStream { complete(frame.streamID) }
        case .data(let payload):
            if case .byteBuffer(var buffer) = payload.data {
                unacknowledgedBytes += buffer.readableBytes
                pending[frame.streamID]?.body += buffer.readBytes(length: buffer.readableBytes) ?? []
            }
            // This handler stands in for a stream multiplexer, so it keeps the connection's
            // receive window open itself. Each response is far below a stream's window.
            if unacknowledgedBytes >= 32_768 {
                context.writeAndFlush(wrapOutboundOut(HTTP2Frame(streamID: .rootStream, payload: .windowUpdate(windowSizeIncrement: unacknowledgedBytes))), promise: nil)
                unacknowledgedBytes = 0
            }
            if payload.endStream { complete(frame.streamID) }
        case .rstStream(let code):
            pending.removeValue(forKey: frame.streamID)?.promise.fail(LeanGRPCConnection.CallFailure(description: "stream reset: \(code)"))
        case .goAway:
            failAll(LeanGRPCConnection.CallFailure(description: "the server closed the connection (GOAWAY)"))
        default:
            break
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        failAll(LeanGRPCConnection.CallFailure(description: "connection closed"))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        failAll(error)
        context.close(promise: nil)
    }

    private func complete(_ streamID: HTTP2StreamID) {
        guard let call = pending.removeValue(forKey: streamID) else { return }
        guard call.status == "0" else {
            call.promise.fail(LeanGRPCConnection.CallFailure(description: "grpc-status \(call.status ?? "missing"): \(call.message ?? "")"))
            return
        }
        guard call.body.count >= 5 else {
            call.promise.fail(LeanGRPCConnection.CallFailure(description: "response without a message"))
            return
        }
        call.promise.succeed(Array(call.body.dropFirst(5)))
    }

    private func failAll(_ error: any Error) {
        let calls = pending
        pending.removeAll()
        for call in calls.values { call.promise.fail(error) }
    }
}
