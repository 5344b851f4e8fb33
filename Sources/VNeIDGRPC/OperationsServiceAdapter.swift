import GRPCCore
import VNeIDGRPCStubs
import VNeIDProto
import VNeIDService

/// Serves `vneid.v1.OperationsService` over gRPC by handing each call to its handlers.
struct OperationsServiceAdapter: Vneid_V1_OperationsService.SimpleServiceProtocol {
    let backups: BackupHandlers

    func backupDatabase(
        request: Vneid_V1_BackupDatabaseRequest, response: RPCWriter<Vneid_V1_BackupChunk>, context: ServerContext
    ) async throws {
        try await backups.backupDatabase(request, caller: CallerContext.required()) { try await response.write($0) }
    }
}
