import GRPCCore
import VNeIDGRPCStubs
import VNeIDProto
import VNeIDService

/// Serves `vneid.v1.PrincipalService` over gRPC by handing each call to `PrincipalHandlers`.
struct PrincipalServiceAdapter: Vneid_V1_PrincipalService.SimpleServiceProtocol {
    let handlers: PrincipalHandlers

    func createPrincipal(request: Vneid_V1_CreatePrincipalRequest, context: ServerContext) async throws -> Vneid_V1_CreatePrincipalResponse {
        try await handlers.createPrincipal(request, caller: CallerContext.required())
    }

    func listPrincipals(request: Vneid_V1_ListPrincipalsRequest, context: ServerContext) async throws -> Vneid_V1_ListPrincipalsResponse {
        try await handlers.listPrincipals(request, caller: CallerContext.required())
    }

    func getPrincipal(request: Vneid_V1_GetPrincipalRequest, context: ServerContext) async throws -> Vneid_V1_Principal {
        try await handlers.getPrincipal(request, caller: CallerContext.required())
    }

    func revokePrincipal(request: Vneid_V1_RevokePrincipalRequest, context: ServerContext) async throws -> Vneid_V1_Principal {
        try await handlers.revokePrincipal(request, caller: CallerContext.required())
    }

    func issueApiKey(request: Vneid_V1_IssueApiKeyRequest, context: ServerContext) async throws -> Vneid_V1_IssuedApiKey {
        try await handlers.issueAPIKey(request, caller: CallerContext.required())
    }

    func revokeApiKey(request: Vneid_V1_RevokeApiKeyRequest, context: ServerContext) async throws -> Vneid_V1_ApiKeyInfo {
        try await handlers.revokeAPIKey(request, caller: CallerContext.required())
    }

    func whoAmI(request: Vneid_V1_WhoAmIRequest, context: ServerContext) async throws -> Vneid_V1_Principal {
        try await handlers.whoAmI(request, caller: CallerContext.required())
    }
}
