/// Just enough HTTP/2 to open gRPC calls on a raw connection and then never read: the
/// connection preface, an empty SETTINGS frame, and for each call a HEADERS frame (HPACK
/// literals, no Huffman) and a DATA frame carrying one gRPC message. It never sends a
/// WINDOW_UPDATE, so the daemon may send it no more than the initial 64 KiB window.
enum RawHTTP2Client {
    /// The bytes that open `calls` calls of `path` with `message` (protobuf bytes) on a
    /// new connection, with `apiKey` as the bearer.
    static func opening(calls: Int, path: String, message: [UInt8], apiKey: String) -> [UInt8] {
        var bytes = RawConnection.http2Preface
        bytes += frame(type: 0x4, flags: 0, stream: 0, payload: [])
        let headers: [(String, String)] = [
            (":method", "POST"), (":scheme", "http"), (":path", path), (":authority", "localhost"),
            ("content-type", "application/grpc"), ("te", "trailers"), ("authorization", "Bearer \(apiKey)"),
        ]
        let block = headers.flatMap { literal($0.0, $0.1) }
        let body = [0] + bigEndian(UInt32(message.count)) + message
        for call in 0..<calls {
            let stream = UInt32(call * 2 + 1)
            bytes += frame(type: 0x1, flags: 0x4, stream: stream, payload: block)
            bytes += frame(type: 0x0, flags: 0x1, stream: stream, payload: body)
        }
        return bytes
    }

    private static func frame(type: UInt8, flags: UInt8, stream: UInt32, payload: [UInt8]) -> [UInt8] {
        let length = UInt32(payload.count)
        return [UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF), type, flags]
            + bigEndian(stream & 0x7FFF_FFFF) + payload
    }

    /// A literal header field without indexing, with a new name (RFC 7541, 6.2.2).
    private static func literal(_ name: String, _ value: String) -> [UInt8] {
        [0x00] + string(name) + string(value)
    }

    private static func string(_ text: String) -> [UInt8] {
        let bytes = Array(text.utf8)
        return integer(bytes.count, prefixBits: 7) + bytes
    }

    private static func integer(_ value: Int, prefixBits: Int) -> [UInt8] {
        let limit = (1 << prefixBits) - 1
        guard value >= limit else { return [UInt8(value)] }
        var rest = value - limit
        var bytes = [UInt8(limit)]
        while rest >= 128 {
            bytes.append(UInt8(rest % 128 + 128))
            rest /= 128
        }
        return bytes + [UInt8(rest)]
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }
}
