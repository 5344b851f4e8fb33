import GRPCCore
import VNeIDProto
import VNeIDService

/// Serves `vneid.v1.NoticeService` over gRPC by handing each call to `NoticeHandlers`.
struct NoticeServiceAdapter: Vneid_V1_NoticeService.SimpleServiceProtocol {
    let handlers: NoticeHandlers

    func listNotices(request: Vneid_V1_ListNoticesRequest, context: ServerContext) async throws -> Vneid_V1_ListNoticesResponse {
        try await handlers.listNotices(request, caller: CallerContext.required())
    }

    func watchNotices(request: Vneid_V1_WatchNoticesRequest, response: RPCWriter<Vneid_V1_Notice>, context: ServerContext) async throws {
        try await handlers.watchNotices(request, caller: CallerContext.required()) { try await response.write($0) }
    }

    func acknowledgeNotice(request: Vneid_V1_AcknowledgeNoticeRequest, context: ServerContext) async throws -> Vneid_V1_Notice {
        try await handlers.acknowledgeNotice(request, caller: CallerContext.required())
    }
}

/// Serves `vneid.v1.AuditService` over gRPC by handing each call to `AuditHandlers`.
struct AuditServiceAdapter: Vneid_V1_AuditService.SimpleServiceProtocol {
    let handlers: AuditHandlers

    func listAuditEntries(request: Vneid_V1_ListAuditEntriesRequest, context: ServerContext) async throws -> Vneid_V1_ListAuditEntriesResponse {
        try await handlers.listAuditEntries(request, caller: CallerContext.required())
    }

    func verifyAuditLog(request: Vneid_V1_VerifyAuditLogRequest, context: ServerContext) async throws -> Vneid_V1_VerifyAuditLogResponse {
        try await handlers.verifyAuditLog(request, caller: CallerContext.required())
    }
}
