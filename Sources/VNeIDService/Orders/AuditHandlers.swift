import Foundation
import Logging
import SwiftProtobuf
import VNeIDCore
import VNeIDProto

/// The audit-log RPCs: list entries by account, principal, kind and time; verify the
/// whole hash chain, and that it still holds a head signed earlier; sign the head now.
public struct AuditHandlers: Sendable {
    let store: any VNeIDStore
    let signingKey: AuditSigningKey
    let logger: Logger

    /// Creates the handlers; `signingKey` is the daemon's audit key.
    public init(store: any VNeIDStore, signingKey: AuditSigningKey, logger: Logger) {
        self.store = store
        self.signingKey = signingKey
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

    /// Checks the whole chain from the first entry and names the first broken one; checks
    /// every bound record against the entry that last bound it; with a head signed earlier,
    /// also that the chain still holds the entry it signed.
    public func verifyAuditLog(_ request: Vneid_V1_VerifyAuditLogRequest, caller: Caller) async throws -> Vneid_V1_VerifyAuditLogResponse {
        let against = request.hasAgainst ? try SignedAuditHead(validating: request.against) : nil
        let verification = try await store.verifyAuditLog(AuditLogVerification(againstSequence: against?.sequence))
        var response = Vneid_V1_VerifyAuditLogResponse()
        response.intact = verification.intact
        if let broken = verification.chainBreak {
            response.firstBrokenSequence = broken.sequence
            response.problem = broken.reason
        }
        response.verifiedEntries = verification.chain.verifiedCount
        response.headSequence = verification.chain.verifiedCount
        response.headHash = Data(verification.chain.headHash)
        response.recordsChecked = verification.recordsChecked
        response.recordProblemCount = UInt64(verification.recordProblems.count)
        response.recordProblems = verification.recordProblems.prefix(Self.reportedRecordProblems).map { problem in
            .with {
                $0.kind = problem.key.kind.rawValue
                $0.id = problem.key.id
                $0.boundBySequence = problem.boundBy ?? 0
                $0.problem = problem.problem
            }
        }
        if let against {
            if let problem = against.problem(key: signingKey.publicKey, storedHash: verification.hashAtAgainst, chainLength: verification.lastSequence) {
                response.intact = false
                response.againstProblem = problem
            } else {
                response.againstHolds = true
            }
        }
        if !response.intact {
            logger.critical("the audit log does not verify", metadata: [
                "entry": "\(response.firstBrokenSequence)", "problem": "\(response.problem)",
                "records": "\(response.recordProblemCount)", "first-record": "\(response.recordProblems.first?.problem ?? "")",
                "saved-head": "\(response.againstProblem)", "by": "\(caller.principal.name)",
            ])
        }
        return response
    }

    /// How many record problems a response lists; the count says how many there are.
    static let reportedRecordProblems = 100

    /// The chain's head now, signed with the daemon's audit key.
    public func getAuditHead(_ request: Vneid_V1_GetAuditHeadRequest, caller: Caller) async throws -> Vneid_V1_SignedAuditHead {
        let head = try await AuditHeadSigning.signHead(of: store, with: signingKey)
        logger.info("audit head signed on request", metadata: ["sequence": "\(head.sequence)", "by": "\(caller.principal.name)"])
        return Vneid_V1_SignedAuditHead(head)
    }
}

/// Signing the chain's head as it stands: for `GetAuditHead` and the daemon's periodic
/// signing alike.
public enum AuditHeadSigning {
    /// The head of `store`'s chain now, signed with `key`.
    public static func signHead(of store: any VNeIDStore, with key: AuditSigningKey) async throws -> SignedAuditHead {
        let last = try await store.latestAuditEntry()
        return try key.sign(sequence: last?.sequence ?? 0, hash: last?.hash ?? AuditEntry.genesisHash, at: Date())
    }
}
