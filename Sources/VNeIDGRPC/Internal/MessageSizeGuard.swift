import NIOCore
import NIOHPACK
import NIOHTTP2

/// The first handler of every HTTP/2 stream: it reads the gRPC length prefixes of the
/// request messages as they arrive and answers a message over the limit with
/// `RESOURCE_EXHAUSTED` naming the limit, before any of it is buffered.
///
/// grpc-swift's own check resets the stream instead, which clients report as `CANCELLED`,
/// telling the caller nothing about what to change. It stays below as a safety net.
final class MessageSizeGuard: ChannelInboundHandler {
    typealias InboundIn = HTTP2Frame.FramePayload
    typealias InboundOut = HTTP2Frame.FramePayload
    typealias OutboundOut = HTTP2Frame.FramePayload

    private let limit: Int
    /// The bytes of the current message's 5-byte prefix seen so far.
    private var prefix: [UInt8] = []
    /// The bytes of the current message still to come after its prefix.
    private var remaining = 0
    private var refused = false

    init(limit: Int) {
        self.limit = limit
        prefix.reserveCapacity(5)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !refused else { return }
        let frame = unwrapInboundIn(data)
        if case .data(let payload) = frame, case .byteBuffer(let buffer) = payload.data, let size = oversized(in: buffer) {
            refuse(context: context, size: size)
            return
        }
        context.fireChannelRead(data)
    }

    /// Walks the message prefixes in `buffer`; returns the first declared size over the limit.
    private func oversized(in buffer: ByteBuffer) -> Int? {
        var buffer = buffer
        while buffer.readableBytes > 0 {
            if remaining > 0 {
                let skipped = min(remaining, buffer.readableBytes)
                buffer.moveReaderIndex(forwardBy: skipped)
                remaining -= skipped
                continue
            }
            guard let byte = buffer.readInteger(as: UInt8.self) else { break }
            prefix.append(byte)
            guard prefix.count == 5 else { continue }
            let size = prefix[1...4].reduce(0) { $0 << 8 | Int($1) }
            prefix.removeAll(keepingCapacity: true)
            guard size <= limit else { return size }
            remaining = size
        }
        return nil
    }

    /// Answers with a trailers-only response and closes the stream.
    private func refuse(context: ChannelHandlerContext, size: Int) {
        refused = true
        let message = "the request message is \(size) bytes; this daemon accepts at most \(limit) (its --max-message-bytes setting)"
        let trailers: HPACKHeaders = [
            ":status": "200",
            "content-type": "application/grpc",
            "grpc-status": "8",
            "grpc-message": message,
        ]
        context.writeAndFlush(wrapOutboundOut(.headers(.init(headers: trailers, endStream: true))), promise: nil)
        context.close(promise: nil)
    }
}
