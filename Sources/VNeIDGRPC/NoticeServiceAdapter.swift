import GRPCCore
import VNeIDGRPCStubs
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
