import Foundation
import Logging
import SwiftProtobuf
import VNeIDCore
import VNeIDProto

/// The audit-log RPCs: list entries by account, principal, kind and time; verify the
/// whole hash chain.
public struct AuditHandlers: Sendable {
    let store: any VNeIDStore
    let logger: Logger

    /// Creates the handlers.
    public init(store: any VNeIDStore, logger: Logger) {
        self.store = store
        self.logger = logger
    }

    /// Entries matching the filters, in order.
    public func listAuditEntries(_ request: Vneid_V1_ListAuditEntriesRequest, caller: Caller) async throws -> Vneid_V1_ListAuditEntriesResponse {
        let pageSize = try PageSize.validate(request.pageSize)
        var query = AuditQuery(afterSequence: request.afterSequence, limit: pageSize)
        if !request.accountID.isEmpty { query.accountID = try AccountID(validating: request.accountID).rawValue }
        if !request.principal.isEmpty {
            query.principalID = try await store.principal(idOrName: request.principal)?.id ?? request.principal
        }
        for kind in request.kinds { query.kinds.insert(try AuditKind(parsing: kind)) }
        if request.hasFrom { query.from = try request.from.validatedDate(field: "from") }
        if request.hasUntil { query.until = try request.until.validatedDate(field: "until") }
        let entries = try await store.auditEntries(query)
        return .with {
            $0.entries = entries.map(Vneid_V1_AuditEntry.init)
            $0.nextAfterSequence = entries.count == pageSize ? entries.last?.sequence ?? 0 : 0
        }
    }

    /// Checks the whole chain from the first entry and names the first broken one.
    public func verifyAuditLog(_ request: Vneid_V1_VerifyAuditLogRequest, caller: Caller) async throws -> Vneid_V1_VerifyAuditLogResponse {
        var verifier = AuditChainVerifier()
        var after: UInt64 = 0
        var response = Vneid_V1_VerifyAuditLogResponse()
        response.intact = true
        pages: while true {
            let entries = try await store.auditEntries(after: after, limit: 2000)
            for entry in entries {
                do {
                    try verifier.verify(entry)
                } catch {
                    response.intact = false
                    response.firstBrokenSequence = error.sequence
                    response.problem = error.reason
                    break pages
                }
                after = entry.sequence
            }
            if entries.count < 2000 { break }
        }
        response.verifiedEntries = verifier.verifiedCount
        response.headSequence = verifier.verifiedCount
        response.headHash = Data(verifier.headHash)
        if !response.intact {
            logger.critical("the audit log does not verify", metadata: ["entry": "\(response.firstBrokenSequence)", "problem": "\(response.problem)", "by": "\(caller.principal.name)"])
        }
        return response
    }
}
