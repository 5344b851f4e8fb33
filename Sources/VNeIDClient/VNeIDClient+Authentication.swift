import Foundation
import GRPCCore
import SwiftProtobuf
import VNeIDCore
import VNeIDGRPCStubs
import VNeIDProto

extension VNeIDClient {
    // MARK: Authentication

    /// Asks whether the login `token` represents may enter `service`. A token that fails
    /// a check is a DENY result, not an error; errors are for bad requests (an empty
    /// token, an unknown service, a caller not bound to the service).
    public func authenticate(token: String, service: String) async throws(VNeIDClientError) -> AuthenticationResult {
        try await mappingErrors {
            let request = Vneid_V1_AuthenticateRequest.with {
                $0.token = token
                $0.service = service
            }
            return AuthenticationResult(try await unary(Vneid_V1_AuthenticationService.Method.Authenticate.self, request, options: options))
        }
    }

    /// One page of an account's authentication decisions, newest first.
    public func authenticationHistory(
        accountID: String, pageSize: Int = 50, pageToken: String? = nil
    ) async throws(VNeIDClientError) -> AuthenticationHistoryPage {
        try await mappingErrors {
            let request = Vneid_V1_ListAuthenticationHistoryRequest.with {
                $0.accountID = accountID
                $0.pageSize = UInt32(clamping: max(0, pageSize))
                $0.pageToken = pageToken ?? ""
            }
            let response = try await unary(Vneid_V1_AuthenticationService.Method.ListAuthenticationHistory.self, request, options: options)
            return AuthenticationHistoryPage(
                records: response.records.map(AuthenticationRecord.init(proto:)),
                nextPageToken: response.nextPageToken.isEmpty ? nil : response.nextPageToken
            )
        }
    }

    // MARK: Services

    /// Registers a relying service.
    public func addService(_ settings: ServiceSettings) async throws(VNeIDClientError) -> RegisteredService {
        try await mappingErrors {
            let request = Vneid_V1_AddServiceRequest.with { $0.service = .init(settings) }
            return try RegisteredService(proto: try await unary(Vneid_V1_ServiceRegistry.Method.AddService.self, request, options: options))
        }
    }

    /// Changes a relying service's settings.
    public func updateService(_ settings: ServiceSettings) async throws(VNeIDClientError) -> RegisteredService {
        try await mappingErrors {
            let request = Vneid_V1_UpdateServiceRequest.with { $0.service = .init(settings) }
            return try RegisteredService(proto: try await unary(Vneid_V1_ServiceRegistry.Method.UpdateService.self, request, options: options))
        }
    }

    /// Removes a relying service no active principal is bound to.
    public func removeService(name: String) async throws(VNeIDClientError) {
        try await mappingErrors {
            _ = try await unary(Vneid_V1_ServiceRegistry.Method.RemoveService.self, .with { $0.name = name }, options: options)
        }
    }

    /// Every registered service, by name.
    public func services() async throws(VNeIDClientError) -> [RegisteredService] {
        try await mappingErrors {
            let response = try await unary(Vneid_V1_ServiceRegistry.Method.ListServices.self, .init(), options: options)
            return try response.services.map { service throws(VNeIDError) in try RegisteredService(proto: service) }
        }
    }

    /// One registered service.
    public func service(name: String) async throws(VNeIDClientError) -> RegisteredService {
        try await mappingErrors {
            try RegisteredService(proto: try await unary(Vneid_V1_ServiceRegistry.Method.GetService.self, .with { $0.name = name }, options: options))
        }
    }
}

extension Vneid_V1_RelyingService {
    init(_ settings: ServiceSettings) {
        self.init()
        name = settings.name
        audience = settings.audience
        minimumLevel = UInt32(clamping: max(0, settings.minimumLevel ?? 0))
        replayProtection = settings.replayProtection
        borderPortal = settings.borderPortal
    }
}

extension AuthenticationResult {
    init(_ response: Vneid_V1_AuthenticateResponse) {
        let subject = response.subject
        self.init(
            decision: response.decision == .allow ? .allow : .deny(DenyReason(proto: response.denyReason) ?? .malformedToken),
            detail: response.detail,
            lockReason: response.denyReason == .accountLocked ? LockReason(proto: response.lockReason) : nil,
            accountID: subject.accountID.isEmpty ? nil : subject.accountID,
            kind: AccountKind(proto: subject.kind),
            displayName: subject.displayName.isEmpty ? nil : subject.displayName,
            accountLevel: AssuranceLevel(rawValue: Int(subject.accountLevel)),
            loginLevel: AssuranceLevel(rawValue: Int(subject.loginLevel)),
            organizationID: subject.organizationID.isEmpty ? nil : subject.organizationID,
            statusVersion: response.statusVersion,
            tokenExpiresAt: response.hasTokenExpiresAt ? response.tokenExpiresAt.date : nil,
            reusableFor: .milliseconds(Int64(clamping: response.cacheTtlMs)),
            tokenID: response.tokenID.isEmpty ? nil : response.tokenID
        )
    }
}
