import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import SwiftProtobuf
import VNeIDFramesCodec
import VNeIDProto

/// One frames-protocol connection to the daemon (`proto/vneid/v1/frames.md`), with many
/// calls in flight: each call registers with the connection's handler and waits on a
/// promise (unary) or a stream (watches) that the handler completes on the event loop
/// when the call's frames arrive.
final class FramesClientConnection: Sendable {
    private let channel: any Channel
    private let apiKey: String

    private init(channel: any Channel, apiKey: String) {
        self.channel = channel
        self.apiKey = apiKey
    }

    /// Connects, with TLS when `configuration` has it, and exchanges prefaces.
    static func connect(_ configuration: VNeIDClientConfiguration) async throws -> FramesClientConnection {
        let tls = try configuration.tls.map { try tlsContext($0) }
        let host = configuration.host
        let ready = MultiThreadedEventLoopGroup.singleton.any().makePromise(of: Void.self)
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connectTimeout(.seconds(10))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let handlers = channel.pipeline.syncOperations
                    if let tls { try handlers.addHandler(NIOSSLClientHandler(context: tls, serverHostname: host.first?.isLetter == true ? host : nil)) }
                    try handlers.addHandler(ByteToMessageHandler(FrameDecoder(maximumFrameBytes: 64 << 20)))
                    try handlers.addHandler(FramesCallHandler(ready: ready))
                }
            }
            .connect(host: host == "localhost" ? "127.0.0.1" : host, port: configuration.port).get()
        } catch {
            // The handler that completes `ready` was never added: complete it here.
            ready.fail(error)
            throw VNeIDClientError(code: .unavailable, message: "cannot reach the daemon at \(host):\(configuration.port): \(error)")
        }
        channel.writeAndFlush(FramesCallHandler.Outbound.raw(ByteBuffer(bytes: FramesPreface.bytes)), promise: nil)
        do {
            try await ready.futureResult.get()
        } catch {
            try? await channel.close()
            throw error
        }
        return FramesClientConnection(channel: channel, apiKey: configuration.apiKey ?? "")
    }

    /// Closes the connection; calls still in flight end with UNAVAILABLE.
    func close() async {
        try? await channel.close()
    }

    /// Calls a unary method and returns its response, or throws the daemon's status as a
    /// `VNeIDClientError`.
    func unary<Response: SwiftProtobuf.Message>(_ method: String, _ request: some SwiftProtobuf.Message, timeout: Duration?) async throws -> Response {
        let promise = channel.eventLoop.makePromise(of: Vneid_V1_CallStatus.self)
        let start = try callStart(method, request, timeout: timeout)
        let id = FramesCallHandler.CallID()
        channel.writeAndFlush(FramesCallHandler.Outbound.unary(start, id, promise, timeout), promise: nil)
        let status = try await withTaskCancellationHandler {
            try await promise.futureResult.get()
        } onCancel: {
            channel.writeAndFlush(FramesCallHandler.Outbound.cancel(id), promise: nil)
        }
        try Self.check(status)
        return try Response(serializedBytes: Array(status.response))
    }

    /// Calls a server-streaming method and hands each response to `body` until it returns
    /// `false` (the call is then cancelled) or the daemon ends the call.
    func serverStreaming<Response: SwiftProtobuf.Message>(
        _ method: String, _ request: some SwiftProtobuf.Message, onOpen: @Sendable () async -> Void,
        _ body: (Response) async throws -> Bool
    ) async throws {
        let (messages, continuation) = AsyncThrowingStream.makeStream(of: Data.self)
        let id = FramesCallHandler.CallID()
        channel.writeAndFlush(FramesCallHandler.Outbound.stream(try callStart(method, request, timeout: nil), id, continuation), promise: nil)
        await onOpen()
        try await withTaskCancellationHandler {
            for try await bytes in messages {
                if try await !body(try Response(serializedBytes: Array(bytes))) {
                    channel.writeAndFlush(FramesCallHandler.Outbound.cancel(id), promise: nil)
                    return
                }
            }
        } onCancel: {
            channel.writeAndFlush(FramesCallHandler.Outbound.cancel(id), promise: nil)
        }
    }

    private func callStart(_ method: String, _ request: some SwiftProtobuf.Message, timeout: Duration?) throws -> Vneid_V1_CallStart {
        var start = Vneid_V1_CallStart()
        start.method = method
        start.apiKey = apiKey
        start.request = try request.serializedData()
        if let timeout {
            start.timeoutMs = UInt32(clamping: max(1, timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000))
        }
        return start
    }

    /// Throws a call's status unless it is OK.
    static func check(_ status: Vneid_V1_CallStatus) throws {
        guard status.code != 0 else { return }
        throw VNeIDClientError(
            code: VNeIDClientError.Code(statusCode: Int(status.code)), message: status.message,
            violations: status.violations.map { VNeIDClientError.Violation(field: $0.field, description: $0.description_p) }
        )
    }

    private static func tlsContext(_ tls: VNeIDClientConfiguration.TLS) throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        if let ca = tls.trustedCAPath { configuration.trustRoots = .file(ca) }
        if let certificate = tls.clientCertificatePath, let key = tls.clientKeyPath {
            configuration.certificateChain = try NIOSSLCertificate.fromPEMFile(certificate).map { .certificate($0) }
            configuration.privateKey = .privateKey(try NIOSSLPrivateKey(file: key, format: .pem))
        }
        return try NIOSSLContext(configuration: configuration)
    }
}

/// The connection's handler, on its event loop: numbers the calls, writes their frames,
/// and completes each call's promise or stream from the frames that arrive.
final class FramesCallHandler: ChannelDuplexHandler {
    typealias InboundIn = FramesInbound
    typealias OutboundIn = Outbound
    typealias OutboundOut = ByteBuffer

    /// A call's id, assigned by the handler when the call is written.
    final class CallID: @unchecked Sendable {
        // Written and read only on the connection's event loop.
        var value: UInt64 = 0
    }

    /// What a call asks the handler to do.
    enum Outbound {
        case raw(ByteBuffer)
        case unary(Vneid_V1_CallStart, CallID, EventLoopPromise<Vneid_V1_CallStatus>, Duration?)
        case stream(Vneid_V1_CallStart, CallID, AsyncThrowingStream<Data, any Error>.Continuation)
        case cancel(CallID)
    }

    private var ready: EventLoopPromise<Void>?
    private var nextCallID: UInt64 = 0
    private var unary: [UInt64: EventLoopPromise<Vneid_V1_CallStatus>] = [:]
    /// The client's own deadline of each unary call with one, cancelled when the call ends.
    private var deadlines: [UInt64: Scheduled<Void>] = [:]
    private var streams: [UInt64: AsyncThrowingStream<Data, any Error>.Continuation] = [:]
    private var closedReason: VNeIDClientError?

    init(ready: EventLoopPromise<Void>) {
        self.ready = ready
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .raw(let buffer):
            context.write(wrapOutboundOut(buffer), promise: promise)
        case .unary(let start, let id, let call, let timeout):
            if let closedReason { return call.fail(closedReason) }
            nextCallID += 1
            id.value = nextCallID
            unary[nextCallID] = call
            if let timeout {
                // The daemon ends the call at its deadline; this is the net for a daemon that cannot.
                let callID = nextCallID
                let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
                deadlines[callID] = context.eventLoop.scheduleTask(in: TimeAmount(timeout) + .seconds(2)) {
                    handler.value.deadlines[callID] = nil
                    handler.value.unary.removeValue(forKey: callID)?.fail(VNeIDClientError(code: .deadlineExceeded, message: "no answer within the call's deadline"))
                }
            }
            writeCall(context: context, id: nextCallID, start: start, promise: promise)
        case .stream(let start, let id, let continuation):
            if let closedReason { return continuation.finish(throwing: closedReason) }
            nextCallID += 1
            id.value = nextCallID
            streams[nextCallID] = continuation
            writeCall(context: context, id: nextCallID, start: start, promise: promise)
        case .cancel(let id):
            guard id.value != 0, unary[id.value] != nil || streams[id.value] != nil else { return }
            streams.removeValue(forKey: id.value)?.finish()
            send(context: context, .with {
                $0.callID = id.value
                $0.cancel = Vneid_V1_CallCancel()
            })
        }
    }

    private func writeCall(context: ChannelHandlerContext, id: UInt64, start: Vneid_V1_CallStart, promise: EventLoopPromise<Void>?) {
        send(context: context, .with {
            $0.callID = id
            $0.call = start
        })
    }

    private func send(context: ChannelHandlerContext, _ frame: Vneid_V1_Frame) {
        guard let buffer = try? frame.encodedBuffer(allocator: context.channel.allocator) else { return }
        context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .preface(let major, _):
            if major == FramesPreface.major {
                ready?.succeed()
            } else {
                ready?.fail(VNeIDClientError(code: .unavailable, message: "the daemon speaks frames protocol version \(major), not \(FramesPreface.major)"))
            }
            ready = nil
        case .frame(let bytes):
            guard let frame = try? Vneid_V1_Frame(serializedBytes: Array(buffer: bytes)) else {
                return shutDown(context: context, VNeIDClientError(code: .internalError, message: "the daemon sent a frame that does not decode"))
            }
            receive(context: context, frame)
        }
    }

    private func receive(context: ChannelHandlerContext, _ frame: Vneid_V1_Frame) {
        switch frame.body {
        case .status(let status)?:
            if let call = unary.removeValue(forKey: frame.callID) {
                deadlines.removeValue(forKey: frame.callID)?.cancel()
                call.succeed(status)
            } else if let stream = streams.removeValue(forKey: frame.callID) {
                if status.code == 0 {
                    stream.finish()
                } else {
                    stream.finish(throwing: VNeIDClientError(
                        code: VNeIDClientError.Code(statusCode: Int(status.code)), message: status.message
                    ))
                }
            }
        case .message(let message)?:
            streams[frame.callID]?.yield(message)
        case .ping(let ping)?:
            send(context: context, .with { $0.pong = ping })
        case .goaway(let goaway)?:
            let reason = VNeIDClientError(code: .unavailable, message: "the daemon is closing the connection: \(goaway.message)")
            if ready != nil { ready?.fail(reason); ready = nil }
            closedReason = reason
            for id in unary.keys where id > goaway.lastCallID { unary.removeValue(forKey: id)?.fail(reason) }
            for id in streams.keys where id > goaway.lastCallID { streams.removeValue(forKey: id)?.finish(throwing: reason) }
        default:
            break
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        shutDown(context: context, closedReason ?? VNeIDClientError(code: .unavailable, message: "the connection to the daemon closed"))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        shutDown(context: context, VNeIDClientError(code: .unavailable, message: "the connection to the daemon failed: \(error)"))
        context.close(promise: nil)
    }

    private func shutDown(context: ChannelHandlerContext, _ reason: VNeIDClientError) {
        closedReason = closedReason ?? reason
        ready?.fail(reason)
        ready = nil
        for call in unary.values { call.fail(reason) }
        for stream in streams.values { stream.finish(throwing: reason) }
        for deadline in deadlines.values { deadline.cancel() }
        deadlines = [:]
        unary = [:]
        streams = [:]
    }
}
