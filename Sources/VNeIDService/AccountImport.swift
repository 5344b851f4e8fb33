import Foundation
import Logging
import SwiftProtobuf
import VNeIDCore
import VNeIDProto

extension AccountHandlers {
    /// The most records one import may carry.
    public static let maximumImportRecords = 5_000_000
    /// How many rejected records a response or an error lists (all are counted).
    public static let listedRejections = 1000

    /// Imports a stream of account records in one transaction.
    ///
    /// Every record is validated; ids repeated within the stream and managing
    /// organizations that are neither registered nor in the same import are bad records.
    /// Without `skip_invalid`, any bad record fails the whole import with
    /// `invalidArgument` listing the bad lines, and nothing is written.
    public func importAccounts(
        _ requests: some AsyncSequence<Vneid_V1_ImportAccountsRequest, any Error>,
        caller: Caller
    ) async throws -> Vneid_V1_ImportAccountsResponse {
        var options = Vneid_V1_ImportOptions()
        var received = 0
        var records: [AccountRecord] = []
        var lines: [UInt64] = []
        var firstLineOfID: [AccountID: UInt64] = [:]
        var rejections: [Vneid_V1_RejectedRecord] = []

        for try await request in requests {
            if request.hasOptions { options = request.options }
            received += request.records.count
            guard received <= Self.maximumImportRecords else {
                throw VNeIDError.resourceExhausted("an import may carry at most \(Self.maximumImportRecords) records; split the file")
            }
            for item in request.records {
                do {
                    let record = try item.account.validatedRecord()
                    if let first = firstLineOfID[record.id] {
                        throw VNeIDError.invalidArgument("account \(record.id) appears again; first at \(Self.place(first))")
                    }
                    firstLineOfID[record.id] = item.line
                    records.append(record)
                    lines.append(item.line)
                } catch let error as VNeIDError {
                    rejections.append(Self.rejection(item, reason: error.message))
                }
            }
        }

        let accepted = try await rejectingUnknownOrganizations(records, lines: lines, rejections: &rejections)
        if !options.skipInvalid, !rejections.isEmpty || options.rejectedByClient > 0 {
            throw Self.importFailure(rejections: rejections, received: received, unparsable: options.rejectedByClient)
        }
        let counts = try await store.importAccounts(accepted, at: Date())
        logger.info("import finished", metadata: [
            "principal": "\(caller.principal.name)", "received": "\(received)",
            "created": "\(counts.created)", "updated": "\(counts.updated)",
            "unchanged": "\(counts.unchanged)", "rejected": "\(rejections.count)",
        ])
        var response = Vneid_V1_ImportAccountsResponse()
        response.received = UInt64(received)
        response.created = UInt64(counts.created)
        response.updated = UInt64(counts.updated)
        response.unchanged = UInt64(counts.unchanged)
        response.rejected = UInt64(rejections.count) + options.rejectedByClient
        response.rejections = Array(rejections.prefix(Self.listedRejections))
        return response
    }

    /// Drops citizens whose managing organization is neither registered nor imported
    /// alongside, recording each as a rejection.
    private func rejectingUnknownOrganizations(
        _ records: [AccountRecord],
        lines: [UInt64],
        rejections: inout [Vneid_V1_RejectedRecord]
    ) async throws -> [AccountRecord] {
        let importedOrganizations = Set(records.lazy.filter { $0.kind == .organization }.map(\.id))
        let referenced = Set(records.compactMap(\.managingOrganizationID)).subtracting(importedOrganizations)
        guard !referenced.isEmpty else { return records }
        let registered = try await store.registeredAccountIDs(among: referenced)
        let missing = referenced.subtracting(registered)
        guard !missing.isEmpty else { return records }
        var accepted: [AccountRecord] = []
        accepted.reserveCapacity(records.count)
        for (record, line) in zip(records, lines) {
            if let organization = record.managingOrganizationID, missing.contains(organization) {
                rejections.append(.with {
                    $0.line = line
                    $0.accountID = record.id.rawValue
                    $0.reason = "account \(record.id) names managing organization \(organization), which is not registered; import the organization first or in the same file"
                })
            } else {
                accepted.append(record)
            }
        }
        rejections.sort { $0.line < $1.line }
        return accepted
    }

    private static func rejection(_ item: Vneid_V1_ImportRecord, reason: String) -> Vneid_V1_RejectedRecord {
        .with {
            $0.line = item.line
            $0.accountID = item.account.id
            $0.reason = reason
        }
    }

    private static func importFailure(rejections: [Vneid_V1_RejectedRecord], received: Int, unparsable: UInt64) -> VNeIDError {
        let shown = rejections.prefix(3).map { "\(place($0.line)): \($0.reason)" }.joined(separator: "; ")
        let more = rejections.count > 3 ? "; and \(rejections.count - 3) more" : ""
        let clientPart = unparsable > 0 ? "\(unparsable) source line(s) could not be parsed by the client" : ""
        let serverPart = rejections.isEmpty ? "" : "\(rejections.count) of \(received) records are bad: \(shown)\(more)"
        let what = [clientPart, serverPart].filter { !$0.isEmpty }.joined(separator: "; ")
        return VNeIDError(
            .invalidArgument,
            "nothing was imported (fix the bad records, or skip them): \(what)",
            // All of them: the transport sends what fits and counts the rest.
            violations: rejections.map {
                VNeIDError.Violation(field: place($0.line), description: $0.reason)
            }
        )
    }

    private static func place(_ line: UInt64) -> String {
        line == 0 ? "a record without line number" : "line \(line)"
    }
}
