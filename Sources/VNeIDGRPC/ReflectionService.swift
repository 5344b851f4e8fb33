import Foundation
import GRPCCore
import GRPCProtobuf
import SwiftProtobuf
import VNeIDGRPCStubs
import VNeIDProto

/// gRPC server reflection (`grpc.reflection.v1`, and `v1alpha` for older clients): the
/// services this daemon serves and the descriptors of proto/, generated from it
/// (`generatedDescriptorSetBase64`), so generic clients call the API without the .proto
/// files. Served with `--reflection`; callers need an API key like every other caller.
///
struct ReflectionService: Grpc_Reflection_V1_ServerReflection.SimpleServiceProtocol {
    let index: DescriptorIndex

    func serverReflectionInfo(
        request: RPCAsyncSequence<Grpc_Reflection_V1_ServerReflectionRequest, any Error>,
        response: RPCWriter<Grpc_Reflection_V1_ServerReflectionResponse>,
        context: ServerContext
    ) async throws {
        for try await question in request {
            try await response.write(index.answer(question))
        }
    }
}

/// `grpc.reflection.v1alpha`, which older clients still ask: the same method as `v1`
/// under the older service name. Its messages are `v1`'s field for field, so the `v1`
/// service answers it with the `v1` types, registered under the `v1alpha` name.
struct ReflectionServiceV1Alpha: RegistrableRPCService {
    let v1: ReflectionService

    /// The `v1alpha` service's descriptor.
    static let descriptor = ServiceDescriptor(fullyQualifiedService: "grpc.reflection.v1alpha.ServerReflection")

    func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
        let v1 = self.v1
        router.registerHandler(
            forMethod: MethodDescriptor(service: Self.descriptor, method: "ServerReflectionInfo"),
            deserializer: ProtobufDeserializer<Grpc_Reflection_V1_ServerReflectionRequest>(),
            serializer: ProtobufSerializer<Grpc_Reflection_V1_ServerReflectionResponse>(),
            handler: { request, context in try await v1.serverReflectionInfo(request: request, context: context) }
        )
    }
}

/// The files of proto/ by name and by the symbols they define, read once from the
/// generated descriptor set.
struct DescriptorIndex: Sendable {
    private let files: [String: Google_Protobuf_FileDescriptorProto]
    private let encodedFiles: [String: Data]
    private let fileOfSymbol: [String: String]
    /// The fully qualified names of the services served, sorted.
    let services: [String]

    /// Reads the generated descriptor set; `services` are the ones the server serves.
    init(services: [String]) throws {
        guard let bytes = Data(base64Encoded: generatedDescriptorSetBase64, options: .ignoreUnknownCharacters) else {
            throw RPCError(code: .internalError, message: "the generated descriptor set is not base64; run tools/generate-protos")
        }
        let set = try Google_Protobuf_FileDescriptorSet(serializedBytes: bytes)
        var files: [String: Google_Protobuf_FileDescriptorProto] = [:]
        var encoded: [String: Data] = [:]
        var symbols: [String: String] = [:]
        for file in set.file {
            files[file.name] = file
            encoded[file.name] = try file.serializedData()
            let prefix = file.package.isEmpty ? "" : file.package + "."
            for service in file.service {
                symbols[prefix + service.name] = file.name
                for method in service.method { symbols[prefix + service.name + "." + method.name] = file.name }
            }
            for message in file.messageType { Self.index(message, prefix: prefix, file: file.name, into: &symbols) }
            for enumeration in file.enumType { symbols[prefix + enumeration.name] = file.name }
            for extensionField in file.extension { symbols[prefix + extensionField.name] = file.name }
        }
        self.files = files
        encodedFiles = encoded
        fileOfSymbol = symbols
        self.services = services.sorted()
    }

    private static func index(_ message: Google_Protobuf_DescriptorProto, prefix: String, file: String, into symbols: inout [String: String]) {
        let name = prefix + message.name
        symbols[name] = file
        for nested in message.nestedType { index(nested, prefix: name + ".", file: file, into: &symbols) }
        for enumeration in message.enumType { symbols[name + "." + enumeration.name] = file }
    }

    /// The answer to one reflection request.
    func answer(_ request: Grpc_Reflection_V1_ServerReflectionRequest) -> Grpc_Reflection_V1_ServerReflectionResponse {
        var response = Grpc_Reflection_V1_ServerReflectionResponse()
        response.validHost = request.host
        response.originalRequest = request
        switch request.messageRequest {
        case .listServices?:
            response.listServicesResponse = .with { list in
                list.service = services.map { name in .with { $0.name = name } }
            }
        case .fileByFilename(let name)?:
            response.messageResponse = fileResponse(name, missing: "no file \(name) is known to this server")
        case .fileContainingSymbol(let symbol)?:
            // A method may be named Service.Method or Service/Method.
            let key = symbol.replacingOccurrences(of: "/", with: ".")
            response.messageResponse = fileOfSymbol[key].map { fileResponse($0, missing: "") }
                ?? Self.error(.notFound, "no symbol \(symbol) is defined in this server's API")
        case .fileContainingExtension(let request)?:
            response.messageResponse = Self.error(.notFound, "\(request.containingType) has no extension \(request.extensionNumber): the VNeID API defines no extensions")
        case .allExtensionNumbersOfType(let type)?:
            response.messageResponse = fileOfSymbol[type] == nil
                ? Self.error(.notFound, "no type \(type) is defined in this server's API")
                : .allExtensionNumbersResponse(.with { $0.baseTypeName = type })
        case nil:
            response.messageResponse = Self.error(.invalidArgument, "the request asks nothing: set one of list_services, file_by_filename, file_containing_symbol")
        }
        return response
    }

    /// The file `name` followed by every file it imports, directly or not.
    private func fileResponse(_ name: String, missing: String) -> Grpc_Reflection_V1_ServerReflectionResponse.OneOf_MessageResponse {
        guard files[name] != nil else { return Self.error(.notFound, missing) }
        var ordered: [String] = []
        var seen: Set<String> = []
        var queue = [name]
        while let next = queue.first {
            queue.removeFirst()
            guard seen.insert(next).inserted, let file = files[next] else { continue }
            ordered.append(next)
            queue += file.dependency
        }
        return .fileDescriptorResponse(.with { $0.fileDescriptorProto = ordered.compactMap { encodedFiles[$0] } })
    }

    private static func error(_ code: RPCError.Code, _ message: String) -> Grpc_Reflection_V1_ServerReflectionResponse.OneOf_MessageResponse {
        .errorResponse(.with {
            $0.errorCode = Int32(code.rawValue)
            $0.errorMessage = message
        })
    }
}
