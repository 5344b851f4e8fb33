import SwiftProtobuf
import VNeIDCore
import VNeIDProto

/// One server-streaming method of the VNeID API, independent of any transport: its full
/// name, how to decode its request, and which handler streams its responses.
public struct StreamingMethod: Sendable {
    /// The method's full name, `package.Service/Method`, as the access policy knows it.
    public let name: String
    /// The type of its request message.
    public let requestType: any SwiftProtobuf.Message.Type
    private let handler: @Sendable (ServiceLayer, any SwiftProtobuf.Message, Caller, @escaping @Sendable (any SwiftProtobuf.Message) async throws -> Void) async throws -> Void

    init<Request: SwiftProtobuf.Message, Response: SwiftProtobuf.Message>(
        _ name: String,
        handler: @escaping @Sendable (ServiceLayer, Request, Caller, @escaping @Sendable (Response) async throws -> Void) async throws -> Void
    ) {
        self.name = name
        requestType = Request.self
        self.handler = { layer, request, caller, send in
            guard let request = request as? Request else {
                throw VNeIDError.invalidArgument("\(name) takes a \(Request.protoMessageName) message")
            }
            try await handler(layer, request, caller) { try await send($0) }
        }
    }

    /// Decodes a request of this method, or throws `invalidArgument` saying it is not one.
    public func decode(_ bytes: [UInt8]) throws(VNeIDError) -> any SwiftProtobuf.Message {
        do { return try requestType.init(serializedBytes: bytes) } catch {
            throw .invalidArgument("the request is not a valid \(requestType.protoMessageName) message: \(error)")
        }
    }

    /// Streams the answers to `request` for `caller`, who must have passed the gate, until
    /// the stream ends (at shutdown, with `unavailable` naming where to resume) or `send`
    /// fails.
    public func stream(
        _ request: any SwiftProtobuf.Message, caller: Caller, in layer: ServiceLayer,
        send: @escaping @Sendable (any SwiftProtobuf.Message) async throws -> Void
    ) async throws {
        try await handler(layer, request, caller, send)
    }
}

extension StreamingMethod {
    /// Every server-streaming method of the VNeID API.
    public static let all: [StreamingMethod] = [
        StreamingMethod("vneid.v1.AccountService/WatchStatusChanges") { (layer, request: Vneid_V1_WatchStatusChangesRequest, caller, send: @escaping @Sendable (Vneid_V1_StatusChange) async throws -> Void) in
            try await layer.statusChanges.watchStatusChanges(request, caller: caller, send: send)
        },
        StreamingMethod("vneid.v1.NoticeService/WatchNotices") { (layer, request: Vneid_V1_WatchNoticesRequest, caller, send: @escaping @Sendable (Vneid_V1_Notice) async throws -> Void) in
            try await layer.notices.watchNotices(request, caller: caller, send: send)
        },
    ]

    /// The streaming methods by full name.
    public static let byName: [String: StreamingMethod] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

    /// Methods only gRPC serves: client streaming and file transfers, for servers rather
    /// than checkpoint terminals.
    public static let grpcOnly: Set<String> = [
        "vneid.v1.AccountService/ImportAccounts",
        "vneid.v1.OperationsService/BackupDatabase",
        "grpc.reflection.v1.ServerReflection/ServerReflectionInfo",
        "grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
    ]
}
