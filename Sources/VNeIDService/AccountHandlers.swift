import Foundation
import Logging
import SwiftProtobuf
import VNeIDCore
import VNeIDProto

/// The account registry's RPCs, independent of any transport.
///
/// Each handler takes the decoded request and the already authenticated and authorized
/// caller, and returns the response message or throws a `VNeIDError`.
public struct AccountHandlers: Sendable {
    let store: any AccountStore
    let logger: Logger

    /// The most ids one BatchGetAccountStatus may ask for.
    public static let maximumBatchSize = 1000

    /// Creates the handlers over `store`.
    public init(store: any AccountStore, logger: Logger) {
        self.store = store
        self.logger = logger
    }

    /// Returns one account.
    public func getAccount(_ request: Vneid_V1_GetAccountRequest, caller: Caller) async throws -> Vneid_V1_Account {
        let id = try AccountID(validating: request.accountID)
        guard let account = try await store.account(id: id) else {
            throw VNeIDError.notFound("no account \(id) is registered")
        }
        return Vneid_V1_Account(account)
    }

    /// Returns one account's status.
    public func getAccountStatus(_ request: Vneid_V1_GetAccountStatusRequest, caller: Caller) async throws -> Vneid_V1_AccountStatus {
        let id = try AccountID(validating: request.accountID)
        guard let status = try await store.accountStatus(id: id) else {
            throw VNeIDError.notFound("no account \(id) is registered")
        }
        return Vneid_V1_AccountStatus(status)
    }

    /// Returns many statuses, reporting malformed and unknown ids one by one.
    public func batchGetAccountStatus(
        _ request: Vneid_V1_BatchGetAccountStatusRequest,
        caller: Caller
    ) async throws -> Vneid_V1_BatchGetAccountStatusResponse {
        guard !request.accountIds.isEmpty else {
            throw VNeIDError.invalidArgument("account_ids is empty: ask for 1 to \(Self.maximumBatchSize) ids")
        }
        guard request.accountIds.count <= Self.maximumBatchSize else {
            throw VNeIDError.invalidArgument("account_ids has \(request.accountIds.count) ids; at most \(Self.maximumBatchSize) are allowed per call")
        }
        let parsed: [Result<AccountID, VNeIDError>] = request.accountIds.map { text in
            Result { () throws(VNeIDError) in try AccountID(validating: text) }
        }
        let ids = parsed.compactMap { try? $0.get() }
        let statuses = try await store.accountStatuses(ids: ids)
        var response = Vneid_V1_BatchGetAccountStatusResponse()
        response.results = zip(request.accountIds, parsed).map { text, parsed in
            var result = Vneid_V1_AccountStatusResult()
            result.accountID = text
            switch parsed {
            case .failure(let error):
                result.failure = .with { $0.reason = .invalidID; $0.message = error.message }
            case .success(let id):
                if let status = statuses[id] {
                    result.status = Vneid_V1_AccountStatus(status)
                } else {
                    result.failure = .with { $0.reason = .notFound; $0.message = "no account \(id) is registered" }
                }
            }
            return result
        }
        return response
    }
}
