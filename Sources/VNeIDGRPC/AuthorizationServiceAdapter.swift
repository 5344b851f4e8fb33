import GRPCCore
import VNeIDGRPCStubs
import VNeIDProto
import VNeIDService

/// Serves `vneid.v1.AuthorizationService` over gRPC by handing each call to
/// `AuthorizationHandlers`.
struct AuthorizationServiceAdapter: Vneid_V1_AuthorizationService.SimpleServiceProtocol {
    let handlers: AuthorizationHandlers

    func grantAuthorization(request: Vneid_V1_GrantAuthorizationRequest, context: ServerContext) async throws -> Vneid_V1_StationAuthorization {
        try await handlers.grantAuthorization(request, caller: CallerContext.required())
    }

    func revokeAuthorization(request: Vneid_V1_RevokeAuthorizationRequest, context: ServerContext) async throws -> Vneid_V1_StationAuthorization {
        try await handlers.revokeAuthorization(request, caller: CallerContext.required())
    }

    func listAuthorizations(request: Vneid_V1_ListAuthorizationsRequest, context: ServerContext) async throws -> Vneid_V1_ListAuthorizationsResponse {
        try await handlers.listAuthorizations(request, caller: CallerContext.required())
    }
}
