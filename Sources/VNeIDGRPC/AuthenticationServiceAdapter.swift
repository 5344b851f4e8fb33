import GRPCCore
import VNeIDGRPCStubs
import VNeIDProto
import VNeIDService

/// Serves `vneid.v1.AuthenticationService` over gRPC by handing each call to
/// `AuthenticationHandlers`.
struct AuthenticationServiceAdapter: Vneid_V1_AuthenticationService.SimpleServiceProtocol {
    let handlers: AuthenticationHandlers

    func authenticate(request: Vneid_V1_AuthenticateRequest, context: ServerContext) async throws -> Vneid_V1_AuthenticateResponse {
        try await handlers.authenticate(request, caller: CallerContext.required())
    }

    func listAuthenticationHistory(
        request: Vneid_V1_ListAuthenticationHistoryRequest,
        context: ServerContext
    ) async throws -> Vneid_V1_ListAuthenticationHistoryResponse {
        try await handlers.listHistory(request, caller: CallerContext.required())
    }
}
