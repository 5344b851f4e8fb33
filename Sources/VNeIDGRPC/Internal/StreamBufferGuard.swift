import Logging
import NIOCore
import NIOHTTP2

/// The first outbound handler of every HTTP/2 stream: it counts the response bytes handed
/// to HTTP/2 that have not yet gone out to the connection, and resets the stream when they
/// pass the limit.
///
/// A client that stops reading closes its flow-control window, and the bytes of a
/// streaming response then wait in the daemon. grpc-swift does not hold the handler's
/// writes back when the stream stops being writable (seen with watches: a watcher that
/// never read received its whole history into the daemon's buffers), so this is where the
/// daemon's memory for one stalled reader is bounded. The reset cancels the call, and the
/// handler's task with it.
final class StreamBufferGuard: ChannelOutboundHandler {
    typealias OutboundIn = HTTP2Frame.FramePayload
    typealias OutboundOut = HTTP2Frame.FramePayload

    private let limit: Int
    private let logger: Logger
    private var outstanding = 0
    private var reset = false

    init(limit: Int, logger: Logger) {
        self.limit = limit
        self.logger = logger
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard case .data(let payload) = unwrapOutboundIn(data), case .byteBuffer(let buffer) = payload.data else {
            context.write(data, promise: promise)
            return
        }
        guard !reset else {
            promise?.fail(ChannelError.ioOnClosedChannel)
            return
        }
        let size = buffer.readableBytes
        outstanding += size
        if outstanding > limit {
            reset = true
            logger.notice("reset a stream whose reader stopped reading", metadata: ["buffered-bytes": "\(outstanding)", "limit": "\(limit)"])
            promise?.fail(ChannelError.ioOnClosedChannel)
            context.close(promise: nil)
            return
        }
        let written = promise ?? context.eventLoop.makePromise()
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        written.futureResult.whenComplete { _ in loopBound.value.outstanding -= size }
        context.write(data, promise: written)
    }
}
