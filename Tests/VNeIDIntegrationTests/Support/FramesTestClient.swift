import Foundation
import SwiftProtobuf
import VNeIDProto
import VNeIDTestSupport

/// A frames-protocol client written from `proto/vneid/v1/frames.md` alone, on a plain
/// socket, for conformance tests: it can also send what a conforming client never would.
final class FramesTestClient: Sendable {
    let connection: RawConnection

    /// Connects to the daemon's frames address; with `handshake`, exchanges prefaces.
    init(_ daemon: TestDaemon, handshake: Bool = true) async throws {
        connection = try RawConnection(address: try daemon.framesAddress)
        if handshake {
            try connection.send(Array("VNEIDF".utf8) + [1, 0])
            guard let preface = await connection.read(exactly: 8, within: .seconds(10)) else { throw TestFailure("no preface from the daemon") }
            guard preface == Array("VNEIDF".utf8) + [1, 0] else { throw TestFailure("unexpected preface \(preface)") }
        }
    }

    /// Sends one frame, length first.
    func send(_ frame: Vneid_V1_Frame) throws {
        let body: [UInt8] = try frame.serializedBytes()
        try connection.send(Self.length(body.count) + body)
    }

    /// The 4-byte big-endian length of a frame.
    static func length(_ count: Int) -> [UInt8] {
        [UInt8(truncatingIfNeeded: count >> 24), UInt8(truncatingIfNeeded: count >> 16), UInt8(truncatingIfNeeded: count >> 8), UInt8(truncatingIfNeeded: count)]
    }

    /// The next frame, or `nil` when the daemon closed the connection (or sent nothing in time).
    func receive(within limit: Duration = .seconds(10)) async throws -> Vneid_V1_Frame? {
        guard let header = await connection.read(exactly: 4, within: limit) else { return nil }
        let count = Int(header[0]) << 24 | Int(header[1]) << 16 | Int(header[2]) << 8 | Int(header[3])
        guard let body = await connection.read(exactly: count, within: limit) else { throw TestFailure("the daemon closed in the middle of a frame") }
        return try Vneid_V1_Frame(serializedBytes: body)
    }

    /// Opens call `id`.
    func open(_ id: UInt64, _ method: String, apiKey: String, request: some SwiftProtobuf.Message, timeoutMs: UInt32 = 0) throws {
        try send(.with {
            $0.callID = id
            $0.call = .with {
                $0.method = method
                $0.apiKey = apiKey
                $0.timeoutMs = timeoutMs
                $0.request = try! request.serializedData()
            }
        })
    }

    /// A unary call's status (its response decoded when OK).
    func call<Response: SwiftProtobuf.Message>(
        _ method: String, apiKey: String, request: some SwiftProtobuf.Message, as: Response.Type = Response.self, id: UInt64 = 1
    ) async throws -> (status: Vneid_V1_CallStatus, response: Response?) {
        try open(id, method, apiKey: apiKey, request: request)
        while let frame = try await receive() {
            guard frame.callID == id, case .status(let status)? = frame.body else { continue }
            return (status, status.code == 0 ? try Response(serializedBytes: Array(status.response)) : nil)
        }
        throw TestFailure("the daemon closed the connection before call \(id) ended")
    }
}

extension TestDaemon {
    /// The frames listener's address (every test daemon serves frames on a free port).
    var framesAddress: String {
        get throws {
            try String(contentsOfFile: dataDirectory + "/vneidd.frames-address", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }
}
