import Logging
import NIOCore
import VNeIDService
import Synchronization

/// The first handler of every accepted TCP connection: it refuses connections beyond the
/// daemon's cap, and closes a connection that has not sent its opening bytes (the HTTP/2
/// client preface, or a TLS client hello) within the handshake time.
///
/// It runs on the connection's event loop and never blocks; the count of open connections
/// is shared by every loop through an atomic.
final class ConnectionGuard: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    /// Opening bytes that end the handshake wait: the 24 bytes of the HTTP/2 client preface
    /// (a TLS client hello is longer).
    static let openingBytes = 24

    private let census: ConnectionCensus
    private let handshakeTimeout: TimeAmount
    private var counted = false
    private var received = 0
    private var handshakeTimer: Scheduled<Void>?

    init(census: ConnectionCensus, handshakeTimeout: TimeAmount) {
        self.census = census
        self.handshakeTimeout = handshakeTimeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        // The handler may be added before the channel is registered and active; a close
        // then would be lost, so a refused connection is closed once it is active.
        counted = census.admit()
        if context.channel.isActive { start(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        start(context: context)
        context.fireChannelActive()
    }

    /// Closes a refused connection, or starts the handshake timer of an admitted one.
    private func start(context: ChannelHandlerContext) {
        guard counted else {
            context.close(promise: nil)
            return
        }
        guard handshakeTimer == nil, received < Self.openingBytes else { return }
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        handshakeTimer = context.eventLoop.scheduleTask(in: handshakeTimeout) {
            loopBound.value.close(promise: nil)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        handshakeTimer?.cancel()
        if counted {
            counted = false
            census.release()
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if let timer = handshakeTimer {
            received += unwrapInboundIn(data).readableBytes
            if received >= Self.openingBytes {
                timer.cancel()
                handshakeTimer = nil
            }
        }
        context.fireChannelRead(data)
    }
}
