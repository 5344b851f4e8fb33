import Logging
import NIOCore
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

    /// Open connections, shared by every connection's guard.
    final class Census: Sendable {
        let limit: Int
        private let open = Atomic<Int>(0)
        private let lastWarning = Atomic<Int64>(-60)
        private let logger: Logger

        init(limit: Int, logger: Logger) {
            self.limit = limit
            self.logger = logger
        }

        var count: Int { open.load(ordering: .relaxed) }

        /// Counts a new connection; `false` when it is one too many (it is not counted).
        func admit() -> Bool {
            let after = open.wrappingAdd(1, ordering: .relaxed).newValue
            guard after > limit else { return true }
            open.wrappingSubtract(1, ordering: .relaxed)
            warnAtMostEveryMinute()
            return false
        }

        func release() { open.wrappingSubtract(1, ordering: .relaxed) }

        private func warnAtMostEveryMinute() {
            let now = Int64(NIODeadline.now().uptimeNanoseconds / 1_000_000_000)
            let last = lastWarning.load(ordering: .relaxed)
            guard now - last >= 60, lastWarning.compareExchange(expected: last, desired: now, ordering: .relaxed).exchanged else { return }
            logger.warning("refusing connections: \(limit) are open, the limit (--max-connections)")
        }
    }

    /// Opening bytes that end the handshake wait: the 24 bytes of the HTTP/2 client preface
    /// (a TLS client hello is longer).
    static let openingBytes = 24

    private let census: Census
    private let handshakeTimeout: TimeAmount
    private var counted = false
    private var received = 0
    private var handshakeTimer: Scheduled<Void>?

    init(census: Census, handshakeTimeout: TimeAmount) {
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
