import GRPCCore
import VNeIDGRPCStubs
import VNeIDProto
import VNeIDService

/// Serves `vneid.v1.ServiceRegistry` over gRPC by handing each call to
/// `ServiceRegistryHandlers`.
struct ServiceRegistryAdapter: Vneid_V1_ServiceRegistry.SimpleServiceProtocol {
    let handlers: ServiceRegistryHandlers

    func addService(request: Vneid_V1_AddServiceRequest, context: ServerContext) async throws -> Vneid_V1_RelyingService {
        try await handlers.addService(request, caller: CallerContext.required())
    }

    func updateService(request: Vneid_V1_UpdateServiceRequest, context: ServerContext) async throws -> Vneid_V1_RelyingService {
        try await handlers.updateService(request, caller: CallerContext.required())
    }

    func removeService(request: Vneid_V1_RemoveServiceRequest, context: ServerContext) async throws -> Vneid_V1_RemoveServiceResponse {
        try await handlers.removeService(request, caller: CallerContext.required())
    }

    func listServices(request: Vneid_V1_ListServicesRequest, context: ServerContext) async throws -> Vneid_V1_ListServicesResponse {
        try await handlers.listServices(request, caller: CallerContext.required())
    }

    func getService(request: Vneid_V1_GetServiceRequest, context: ServerContext) async throws -> Vneid_V1_RelyingService {
        try await handlers.getService(request, caller: CallerContext.required())
    }
}
