import GRPCCore
import VNeIDGRPCStubs
import VNeIDProto
import VNeIDService

/// Serves `vneid.v1.AccountService` over gRPC by handing each call to `AccountHandlers`.
struct AccountServiceAdapter: Vneid_V1_AccountService.SimpleServiceProtocol {
    let handlers: AccountHandlers
    let statusChanges: StatusChangeHandlers

    func watchStatusChanges(
        request: Vneid_V1_WatchStatusChangesRequest,
        response: RPCWriter<Vneid_V1_StatusChange>,
        context: ServerContext
    ) async throws {
        try await statusChanges.watchStatusChanges(request, caller: CallerContext.required()) { try await response.write($0) }
    }

    func importAccounts(
        request: RPCAsyncSequence<Vneid_V1_ImportAccountsRequest, any Error>,
        context: ServerContext
    ) async throws -> Vneid_V1_ImportAccountsResponse {
        try await handlers.importAccounts(request, caller: CallerContext.required())
    }

    func getAccount(request: Vneid_V1_GetAccountRequest, context: ServerContext) async throws -> Vneid_V1_Account {
        try await handlers.getAccount(request, caller: CallerContext.required())
    }

    func getAccountStatus(request: Vneid_V1_GetAccountStatusRequest, context: ServerContext) async throws -> Vneid_V1_AccountStatus {
        try await handlers.getAccountStatus(request, caller: CallerContext.required())
    }

    func batchGetAccountStatus(
        request: Vneid_V1_BatchGetAccountStatusRequest,
        context: ServerContext
    ) async throws -> Vneid_V1_BatchGetAccountStatusResponse {
        try await handlers.batchGetAccountStatus(request, caller: CallerContext.required())
    }
}
