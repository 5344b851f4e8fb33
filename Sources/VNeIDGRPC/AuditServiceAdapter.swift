import GRPCCore
import VNeIDGRPCStubs
import VNeIDProto
import VNeIDService

/// Serves `vneid.v1.AuditService` over gRPC by handing each call to `AuditHandlers`.
struct AuditServiceAdapter: Vneid_V1_AuditService.SimpleServiceProtocol {
    let handlers: AuditHandlers

    func listAuditEntries(request: Vneid_V1_ListAuditEntriesRequest, context: ServerContext) async throws -> Vneid_V1_ListAuditEntriesResponse {
        try await handlers.listAuditEntries(request, caller: CallerContext.required())
    }

    func verifyAuditLog(request: Vneid_V1_VerifyAuditLogRequest, context: ServerContext) async throws -> Vneid_V1_VerifyAuditLogResponse {
        try await handlers.verifyAuditLog(request, caller: CallerContext.required())
    }

    func getAuditHead(request: Vneid_V1_GetAuditHeadRequest, context: ServerContext) async throws -> Vneid_V1_SignedAuditHead {
        try await handlers.getAuditHead(request, caller: CallerContext.required())
    }
}
