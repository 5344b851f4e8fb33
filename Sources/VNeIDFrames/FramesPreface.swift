import NIOCore

/// The 8 bytes each side sends first: `VNEIDF`, a major and a minor version
/// (`proto/vneid/v1/frames.md`, section 1).
enum FramesPreface {
    /// `VNEIDF`.
    static let magic: [UInt8] = Array("VNEIDF".utf8)
    /// The major version this daemon speaks; a client of another major is refused.
    static let major: UInt8 = 1
    /// The minor version this daemon speaks; minors only add fields.
    static let minor: UInt8 = 0
    /// Its length on the wire.
    static let length = 8

    /// The daemon's preface.
    static var bytes: [UInt8] { magic + [major, minor] }
}

/// What the decoder reads from a connection.
enum FramesInbound: Sendable {
    /// The client's preface, with the version it speaks.
    case preface(major: UInt8, minor: UInt8)
    /// One frame's bytes (a serialized `Vneid_V1_Frame`), without its length.
    case frame(ByteBuffer)
}

/// Why a connection is closed: a violation of the protocol, answered with a `goaway`
/// carrying `code` and `message` before the connection closes.
struct FramesProtocolError: Error, Sendable {
    /// A gRPC status code: 3 INVALID_ARGUMENT or 8 RESOURCE_EXHAUSTED.
    var code: Int
    /// The reason, for a person to read.
    var message: String

    static func invalid(_ message: String) -> Self { Self(code: 3, message: message) }
}
