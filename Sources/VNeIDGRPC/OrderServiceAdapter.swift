import GRPCCore
import VNeIDGRPCStubs
import VNeIDProto
import VNeIDService

/// Serves `vneid.v1.OrderService` over gRPC by handing each call to `OrderHandlers`.
struct OrderServiceAdapter: Vneid_V1_OrderService.SimpleServiceProtocol {
    let handlers: OrderHandlers

    func lockAccount(request: Vneid_V1_LockAccountRequest, context: ServerContext) async throws -> Vneid_V1_OrderResult {
        try await handlers.lockAccount(request, caller: CallerContext.required())
    }

    func requestLock(request: Vneid_V1_RequestLockRequest, context: ServerContext) async throws -> Vneid_V1_OrderResult {
        try await handlers.requestLock(request, caller: CallerContext.required())
    }

    func approveLockRequest(request: Vneid_V1_ApproveLockRequestRequest, context: ServerContext) async throws -> Vneid_V1_OrderResult {
        try await handlers.approveLockRequest(request, caller: CallerContext.required())
    }

    func refuseLockRequest(request: Vneid_V1_RefuseLockRequestRequest, context: ServerContext) async throws -> Vneid_V1_OrderResult {
        try await handlers.refuseLockRequest(request, caller: CallerContext.required())
    }

    func unlockAccount(request: Vneid_V1_UnlockAccountRequest, context: ServerContext) async throws -> Vneid_V1_OrderResult {
        try await handlers.unlockAccount(request, caller: CallerContext.required())
    }

    func suspendLogin(request: Vneid_V1_SuspendLoginRequest, context: ServerContext) async throws -> Vneid_V1_OrderResult {
        try await handlers.suspendLogin(request, caller: CallerContext.required())
    }

    func restoreLogin(request: Vneid_V1_RestoreLoginRequest, context: ServerContext) async throws -> Vneid_V1_OrderResult {
        try await handlers.restoreLogin(request, caller: CallerContext.required())
    }

    func getOrder(request: Vneid_V1_GetOrderRequest, context: ServerContext) async throws -> Vneid_V1_Order {
        try await handlers.getOrder(request, caller: CallerContext.required())
    }

    func listOrders(request: Vneid_V1_ListOrdersRequest, context: ServerContext) async throws -> Vneid_V1_ListOrdersResponse {
        try await handlers.listOrders(request, caller: CallerContext.required())
    }
}
