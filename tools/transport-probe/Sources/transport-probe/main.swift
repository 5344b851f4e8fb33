import Foundation
import GRPCCore
import GRPCInProcessTransport
import GRPCProtobuf
import SwiftProtobuf

// The same handler for both designs: a request with an id in, a small response out, as
// GetAccountStatus's messages are (StringValue stands in for both; no I/O).
@Sendable func handle(_ request: Google_Protobuf_StringValue) async throws -> Google_Protobuf_StringValue {
    Google_Protobuf_StringValue("ACTIVE:" + request.value)
}

let calls = Int(CommandLine.arguments.dropFirst().first ?? "") ?? 200_000
let inFlight = Int(CommandLine.arguments.dropFirst(2).first ?? "") ?? 8
let request = Google_Protobuf_StringValue("001099012345")
let requestBytes: [UInt8] = try request.serializedBytes()

/// CPU time of the whole process (every thread) so far.
func processCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// Runs `body` `calls` times, `inFlight` at once, and prints the CPU time per call.
func measure(_ label: String, _ body: @escaping @Sendable () async throws -> Void) async throws {
    for _ in 0..<2_000 { try await body() }  // warm-up
    let startWall = ProcessInfo.processInfo.systemUptime
    let cpuBefore = processCPUSeconds()
    try await withThrowingTaskGroup(of: Void.self) { group in
        for worker in 0..<inFlight {
            group.addTask {
                for _ in stride(from: worker, to: calls, by: inFlight) { try await body() }
            }
        }
        try await group.waitForAll()
    }
    let cpuAfter = processCPUSeconds()
    let wall = ProcessInfo.processInfo.systemUptime - startWall
    print(String(format: "%-44@ %8.2f µs CPU per call  %9.0f calls/s  (%d calls, %d in flight)",
                 label as NSString, (cpuAfter - cpuBefore) / Double(calls) * 1e6, Double(calls) / wall, calls, inFlight))
}

// Design B: a method table, as the frames transport would route by name.
typealias ErasedHandler = @Sendable ([UInt8]) async throws -> [UInt8]
let table: [String: ErasedHandler] = [
    "vneid.v1.AccountService/GetAccountStatus": { bytes in
        try await handle(Google_Protobuf_StringValue(serializedBytes: bytes)).serializedBytes()
    },
]
try await measure("method table: lookup, decode, handle, encode") {
    guard let handler = table["vneid.v1.AccountService/GetAccountStatus"] else { fatalError("no such method") }
    _ = try await handler(requestBytes)
}

// Design A: GRPCCore's client and server machinery, with no HTTP/2 (in-process transport);
// a frames ServerTransport would pay the server half of it plus its own framing.
struct Probe: RegistrableRPCService {
    static let method = MethodDescriptor(fullyQualifiedService: "vneid.v1.AccountService", method: "GetAccountStatus")
    func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
        router.registerHandler(
            forMethod: Self.method,
            deserializer: ProtobufDeserializer<Google_Protobuf_StringValue>(),
            serializer: ProtobufSerializer<Google_Protobuf_StringValue>()
        ) { request, _ in
            let single = try await ServerRequest(stream: request)
            return StreamingServerResponse(single: ServerResponse(message: try await handle(single.message)))
        }
    }
}
let transport = InProcessTransport()
let server = GRPCServer(transport: transport.server, services: [Probe()])
try await withGRPCClient(transport: transport.client) { client in
    try await withThrowingDiscardingTaskGroup { group in
        group.addTask { try await server.serve() }
        try await measure("GRPCCore in-process: client + server") {
            _ = try await client.unary(
                request: ClientRequest(message: request), descriptor: Probe.method,
                serializer: ProtobufSerializer<Google_Protobuf_StringValue>(),
                deserializer: ProtobufDeserializer<Google_Protobuf_StringValue>(),
                options: .defaults
            ) { try $0.message }
        }
        server.beginGracefulShutdown()
    }
}
