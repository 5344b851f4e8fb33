import NIOCore

/// Splits a connection's bytes into the peer's preface and then length-prefixed frames,
/// never holding more than one frame of at most `maximumFrameBytes`: a longer length is
/// refused as soon as its 4 bytes arrive, before any of its body is buffered. The daemon
/// and the Swift client both read with it.
public struct FrameDecoder: ByteToMessageDecoder {
    public typealias InboundOut = FramesInbound

    let maximumFrameBytes: Int
    private var prefaceRead = false

    /// A decoder refusing frames over `maximumFrameBytes`.
    public init(maximumFrameBytes: Int) {
        self.maximumFrameBytes = maximumFrameBytes
    }

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        if !prefaceRead {
            // A wrong magic is refused on its first wrong byte, not after 8.
            let available = min(buffer.readableBytes, FramesPreface.magic.count)
            if let seen = buffer.getBytes(at: buffer.readerIndex, length: available), seen != Array(FramesPreface.magic.prefix(available)) {
                throw FramesProtocolError.invalid("not a VNeID frames connection: each side starts with the preface 'VNEIDF', a major and a minor version (proto/vneid/v1/frames.md)")
            }
            guard let preface = buffer.readBytes(length: FramesPreface.length) else { return .needMoreData }
            prefaceRead = true
            context.fireChannelRead(wrapInboundOut(.preface(major: preface[6], minor: preface[7])))
            return .continue
        }
        guard let length = buffer.getInteger(at: buffer.readerIndex, as: UInt32.self) else { return .needMoreData }
        guard length > 0 else {
            throw FramesProtocolError.invalid("an empty frame: every frame holds a vneid.v1.Frame")
        }
        guard Int(length) <= maximumFrameBytes else {
            throw FramesProtocolError(code: 8, message: "a frame of \(length) bytes exceeds this daemon's limit of \(maximumFrameBytes) bytes")
        }
        guard buffer.readableBytes >= 4 + Int(length) else { return .needMoreData }
        buffer.moveReaderIndex(forwardBy: 4)
        guard let frame = buffer.readSlice(length: Int(length)) else { return .needMoreData }
        context.fireChannelRead(wrapInboundOut(.frame(frame)))
        return .continue
    }

    public mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        // A connection closed in the middle of a frame: nothing to answer, it is gone.
        while try decode(context: context, buffer: &buffer) == .continue {}
        buffer.clear()
        return .needMoreData
    }
}
