import Dispatch
import Foundation
import VNeIDTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// A plain TCP connection to a daemon, for tests of clients that misbehave: one that
/// connects and sends nothing, or holds a connection open and idle.
final class RawConnection: Sendable {
    /// The HTTP/2 client preface, what a gRPC client sends first.
    static let http2Preface = Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8)

    private let descriptor: Int32

    /// Connects to `address` (`127.0.0.1:PORT`).
    init(address: String) throws {
        guard let colon = address.lastIndex(of: ":"), let port = UInt16(address[address.index(after: colon)...]) else {
            throw TestFailure("not an IPv4 address and port: \(address)")
        }
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw TestFailure("socket() failed: errno \(errno)") }
        var target = sockaddr_in()
        target.sin_family = sa_family_t(AF_INET)
        target.sin_port = port.bigEndian
        target.sin_addr.s_addr = inet_addr(String(address[..<colon]))
        let connected = withUnsafePointer(to: &target) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(descriptor)
            throw TestFailure("connect to \(address) failed: errno \(errno)")
        }
    }

    deinit { close(descriptor) }

    /// Sends `bytes`.
    func send(_ bytes: [UInt8]) throws {
        let sent = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        guard sent == bytes.count else { throw TestFailure("send failed: errno \(errno)") }
    }

    /// Whether the daemon closes the connection within `limit`; whatever it sends before
    /// is read and dropped. Waits on a dispatch thread, never on the concurrency pool.
    func closedByPeer(within limit: Duration) async -> Bool {
        let descriptor = self.descriptor
        let milliseconds = Int(limit.components.seconds * 1000 + limit.components.attoseconds / 1_000_000_000_000_000)
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(milliseconds) * 1_000_000
                var buffer = [UInt8](repeating: 0, count: 4096)
                while true {
                    let now = DispatchTime.now().uptimeNanoseconds
                    guard now < deadline else { return continuation.resume(returning: false) }
                    var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
                    let ready = poll(&poller, 1, Int32((deadline - now) / 1_000_000) + 1)
                    if ready < 0, errno == EINTR { continue }
                    guard ready > 0 else { continue }
                    let count = recv(descriptor, &buffer, buffer.count, 0)
                    if count <= 0 { return continuation.resume(returning: true) }
                }
            }
        }
    }

    /// Reads exactly `count` bytes, or returns `nil` when the daemon closes the connection
    /// first or `limit` passes. Waits on a dispatch thread, never on the concurrency pool.
    func read(exactly count: Int, within limit: Duration) async -> [UInt8]? {
        let descriptor = self.descriptor
        let milliseconds = Int(limit.components.seconds * 1000 + limit.components.attoseconds / 1_000_000_000_000_000)
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(milliseconds) * 1_000_000
                var bytes: [UInt8] = []
                var buffer = [UInt8](repeating: 0, count: count)
                while bytes.count < count {
                    let now = DispatchTime.now().uptimeNanoseconds
                    guard now < deadline else { return continuation.resume(returning: nil) }
                    var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
                    let ready = poll(&poller, 1, Int32((deadline - now) / 1_000_000) + 1)
                    if ready < 0, errno == EINTR { continue }
                    guard ready > 0 else { continue }
                    let received = recv(descriptor, &buffer, count - bytes.count, 0)
                    if received <= 0 { return continuation.resume(returning: nil) }
                    bytes += buffer[0..<received]
                }
                continuation.resume(returning: bytes)
            }
        }
    }
}
