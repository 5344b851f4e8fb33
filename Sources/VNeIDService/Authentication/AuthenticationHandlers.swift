import Foundation
import Logging
import SwiftProtobuf
import VNeIDCore
import VNeIDProto
import VNeIDTokens

/// The authentication RPCs, independent of any transport: the decision on a VNeID token,
/// and the history of decisions.
public struct AuthenticationHandlers: Sendable {
    let store: any VNeIDStore
    let verifier: TokenVerifier
    let replayGuard: ReplayGuard
    let recorder: AuthenticationHistoryRecorder
    let settings: AuthenticationSettings
    private let decisions = DecisionCounter()

    /// The most history records one page may hold.
    public static let maximumPageSize = 1000

    /// Creates the handlers.
    public init(
        store: any VNeIDStore, verifier: TokenVerifier, replayGuard: ReplayGuard,
        recorder: AuthenticationHistoryRecorder, settings: AuthenticationSettings
    ) {
        self.store = store
        self.verifier = verifier
        self.replayGuard = replayGuard
        self.recorder = recorder
        self.settings = settings
    }

    /// Decides whether the token's login may enter the service, records the decision, and
    /// answers once the record is durable.
    public func authenticate(_ request: Vneid_V1_AuthenticateRequest, caller: Caller) async throws -> Vneid_V1_AuthenticateResponse {
        guard !request.token.isEmpty else {
            throw VNeIDError.invalidArgument("token is empty: pass the VNeID token the person presented")
        }
        let serviceName = try ServiceName(validating: request.service)
        guard let service = try await store.service(named: serviceName) else {
            throw VNeIDError.notFound("no service \(serviceName) is registered")
        }
        guard caller.principal.services.contains(serviceName) else {
            let bound = caller.principal.services.map(\.rawValue).joined(separator: ", ")
            throw VNeIDError.permissionDenied("principal '\(caller.principal.name)' may authenticate only for \(bound.isEmpty ? "no service" : bound), not for \(serviceName)")
        }
        let now = Date()
        var judgement = try await judge(request.token, for: service, at: now)
        let record = AuthenticationRecord(
            time: now, accountID: judgement.token?.subject, service: serviceName, callerID: caller.principal.id,
            outcome: judgement.denial.map { .denied($0.reason) } ?? .allowed,
            tokenID: judgement.token?.tokenID, issuer: judgement.token?.issuer
        )
        let spentElsewhere = try await unspendingOnFailure(judgement.spentToken) {
            try await recorder.record(record, spentToken: judgement.spentToken)
        }
        if spentElsewhere, let spent = judgement.spentToken {
            // Another daemon sharing the store allowed this one-time token first; the
            // store recorded this decision as the replay it is.
            judgement.denial = Denial(.replayed, "one-time token \(spent.tokenID) of \(spent.issuer) was already presented")
        }
        decisions.count(service: serviceName, denied: judgement.denial?.reason)
        if let subject = judgement.token?.subject { ObservedCall.current?.note("account", subject.rawValue) }
        return response(for: judgement, at: now)
    }

    /// What was established about one token.
    private struct Judgement {
        var token: VerifiedToken?
        var account: AccountSnapshot?
        var denial: Denial?
        var spentToken: SpentToken?
    }

    /// Applies every check in `DenyReason` order; the first failure decides.
    private func judge(_ text: String, for service: RegisteredService, at now: Date) async throws -> Judgement {
        let token: VerifiedToken
        switch verifier.verify(text, remember: !service.replayProtection) {
        case .failure(let denial): return Judgement(denial: denial)
        case .success(let verified): token = verified
        }
        var judgement = Judgement(token: token)
        if service.replayProtection, token.tokenID == nil {
            judgement.denial = Denial(.malformedToken, "service \(service.name) accepts one-time tokens only, and this token has no jti")
            return judgement
        }
        if let denial = AuthenticationRules.checkClaims(
            token, for: service, at: now, clockSkew: settings.clockSkew, oneTimeTokenLifetime: settings.oneTimeTokenLifetime
        ) {
            judgement.denial = denial
            return judgement
        }
        if service.replayProtection, let tokenID = token.tokenID {
            let spent = SpentToken(issuer: token.issuer, tokenID: tokenID, rememberUntil: token.expiresAt.addingTimeInterval(settings.clockSkew))
            guard replayGuard.spend(spent, at: now) else {
                judgement.denial = Denial(.replayed, "one-time token \(tokenID) of \(token.issuer) was already presented")
                return judgement
            }
            judgement.spentToken = spent
        }
        var organization: AccountSnapshot?
        (judgement.account, organization) = try await unspendingOnFailure(judgement.spentToken) { [store] in
            let account = try await store.accountSnapshot(id: token.subject)
            guard let organizationID = token.organizationID else { return (account, nil) }
            return (account, try await store.accountSnapshot(id: organizationID))
        }
        judgement.denial = AuthenticationRules.checkStanding(token, account: judgement.account, organization: organization, service: service.name)
        return judgement
    }

    /// Runs `body`; if it fails, forgets that `spent` was spent. No decision was recorded,
    /// the caller is told to retry, and the retry must find the token as this call found it.
    private func unspendingOnFailure<T>(_ spent: SpentToken?, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            if let spent { replayGuard.unspend(spent) }
            throw error
        }
    }

    private func response(for judgement: Judgement, at now: Date) -> Vneid_V1_AuthenticateResponse {
        var response = Vneid_V1_AuthenticateResponse()
        if let denial = judgement.denial {
            response.decision = .deny
            response.denyReason = denial.reason.proto
            response.detail = denial.detail
            if let lockReason = denial.lockReason { response.lockReason = lockReason.proto }
        } else {
            response.decision = .allow
            response.detail = "the token is valid and the account may use the service"
        }
        if let token = judgement.token {
            response.subject.accountID = token.subject.rawValue
            response.subject.loginLevel = UInt32(token.effectiveAssuranceLevel.rawValue)
            response.subject.organizationID = token.organizationID?.rawValue ?? ""
            response.tokenExpiresAt = Google_Protobuf_Timestamp(date: token.expiresAt)
            response.tokenID = token.tokenID ?? ""
        }
        if let account = judgement.account {
            response.subject.kind = account.account.kind.proto
            response.subject.displayName = account.account.record.displayName
            response.subject.accountLevel = UInt32(account.account.record.assuranceLevel.rawValue)
            response.statusVersion = account.status.statusVersion
        }
        response.cacheTtlMs = reuseMilliseconds(judgement, at: now)
        return response
    }

    /// How long the answer may be reused for the same token: a REPLAYED answer until the
    /// token expires (it can never become valid); an EXPIRED answer for the configured
    /// reuse time; any other answer for the configured reuse time, never beyond the token's
    /// expiry. Never more than a day.
    private func reuseMilliseconds(_ judgement: Judgement, at now: Date) -> UInt64 {
        let remaining = judgement.token.map { $0.expiresAt.timeIntervalSince(now) + settings.clockSkew } ?? settings.answerReuse
        let seconds: TimeInterval = switch judgement.denial?.reason {
        case .expired?: settings.answerReuse
        case .replayed?: remaining
        default: min(settings.answerReuse, remaining)
        }
        return UInt64((min(max(0, seconds), 86_400) * 1000).rounded())
    }

    /// One account's decisions, newest first.
    public func listHistory(
        _ request: Vneid_V1_ListAuthenticationHistoryRequest, caller: Caller
    ) async throws -> Vneid_V1_ListAuthenticationHistoryResponse {
        let id = try AccountID(validating: request.accountID)
        let pageSize = request.pageSize == 0 ? 50 : Int(request.pageSize)
        guard pageSize <= Self.maximumPageSize else {
            throw VNeIDError.invalidArgument("page_size is \(pageSize); at most \(Self.maximumPageSize) records are returned per page")
        }
        var before: Int64?
        if !request.pageToken.isEmpty {
            guard let sequence = Int64(request.pageToken), sequence > 0 else {
                throw VNeIDError.invalidArgument("page_token '\(request.pageToken)' was not issued by this service; pass next_page_token from the previous page")
            }
            before = sequence
        }
        let records = try await store.authentications(of: id, before: before, limit: pageSize)
        if records.isEmpty, before == nil, try await store.accountSnapshot(id: id) == nil {
            throw VNeIDError.notFound("no account \(id) is registered and no authentication of it was recorded")
        }
        var response = Vneid_V1_ListAuthenticationHistoryResponse()
        response.records = records.map(Vneid_V1_AuthenticationRecord.init)
        if records.count == pageSize, let last = records.last { response.nextPageToken = String(last.sequence) }
        return response
    }
}
