import NIOCore
import SwiftProtobuf
import VNeIDProto

/// The 8 bytes each side sends first: `VNEIDF`, a major and a minor version
/// (`proto/vneid/v1/frames.md`, section 1).
public enum FramesPreface {
    /// `VNEIDF`.
    public static let magic: [UInt8] = Array("VNEIDF".utf8)
    /// The major version spoken here; a peer of another major is refused.
    public static let major: UInt8 = 1
    /// The minor version spoken here; minors only add fields.
    public static let minor: UInt8 = 0
    /// Its length on the wire.
    public static let length = 8

    /// This side's preface.
    public static var bytes: [UInt8] { magic + [major, minor] }
}

/// What the decoder reads from a connection.
public enum FramesInbound: Sendable {
    /// The peer's preface, with the version it speaks.
    case preface(major: UInt8, minor: UInt8)
    /// One frame's bytes (a serialized `Vneid_V1_Frame`), without its length.
    case frame(ByteBuffer)
}

/// Why a connection is closed: a violation of the protocol, answered with a `goaway`
/// carrying `code` and `message` before the connection closes.
public struct FramesProtocolError: Error, Sendable {
    /// A gRPC status code: 3 INVALID_ARGUMENT or 8 RESOURCE_EXHAUSTED.
    public var code: Int
    /// The reason, for a person to read.
    public var message: String

    /// A violation answered with `code`.
    public init(code: Int, message: String) {
        self.code = code
        self.message = message
    }

    /// A violation answered with INVALID_ARGUMENT.
    public static func invalid(_ message: String) -> Self { Self(code: 3, message: message) }
}

extension Vneid_V1_Frame {
    /// The frame on the wire: its 4-byte big-endian length, then its bytes.
    public func encodedBuffer(allocator: ByteBufferAllocator = ByteBufferAllocator()) throws -> ByteBuffer {
        let body: [UInt8] = try serializedBytes()
        var buffer = allocator.buffer(capacity: 4 + body.count)
        buffer.writeInteger(UInt32(body.count))
        buffer.writeBytes(body)
        return buffer
    }
}
