import Foundation
import Logging
import SwiftProtobuf
import VNeIDCore
import VNeIDProto

/// The principals registry's RPCs, independent of any transport.
public struct PrincipalHandlers: Sendable {
    let store: any PrincipalStore
    let authenticator: APIKeyAuthenticator
    let logger: Logger

    /// Creates the handlers. `authenticator` is told of revocations so they take effect at once.
    public init(store: any PrincipalStore, authenticator: APIKeyAuthenticator, logger: Logger) {
        self.store = store
        self.authenticator = authenticator
        self.logger = logger
    }

    /// Creates a principal with its first key.
    public func createPrincipal(
        _ request: Vneid_V1_CreatePrincipalRequest,
        caller: Caller
    ) async throws -> Vneid_V1_CreatePrincipalResponse {
        var roles = Set<Role>()
        for role in request.roles {
            guard let known = Role(proto: role) else {
                throw VNeIDError.invalidArgument("roles contains \(role) which is not a role; roles are \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            roles.insert(known)
        }
        var services: [ServiceName] = []
        for service in request.services { services.append(try ServiceName(validating: service)) }
        services = Array(Set(services)).sorted()
        var requesterType: RequesterType?
        if request.requesterType != .unspecified {
            guard let type = RequesterType(proto: request.requesterType) else {
                throw VNeIDError.invalidArgument("requester_type \(request.requesterType) is not a requester type")
            }
            requesterType = type
        }
        let stationID = request.stationID.isEmpty ? nil : try StationID(validating: request.stationID)
        let policeUnit = request.policeUnit.isEmpty ? nil : try PoliceUnitID(validating: request.policeUnit)
        try Principal.validateNew(
            name: request.name, roles: roles, services: services, requesterType: requesterType, stationID: stationID, policeUnit: policeUnit
        )

        let (principal, key) = try await APIKeyIssuer.createPrincipal(
            name: request.name, roles: roles, services: services, requesterType: requesterType, stationID: stationID,
            policeUnit: policeUnit, in: store, at: Date(), by: caller.auditActor
        )
        logger.notice("principal created", metadata: [
            "by": "\(caller.principal.name)", "principal": "\(principal.name)", "id": "\(principal.id)",
            "roles": "\(roles.sorted().map(\.rawValue).joined(separator: ","))",
        ])
        return .with {
            $0.principal = Vneid_V1_Principal(principal)
            $0.apiKey = .with { $0.info = Vneid_V1_ApiKeyInfo(key.credential.info); $0.secret = key.text }
        }
    }

    /// Lists principals.
    public func listPrincipals(_ request: Vneid_V1_ListPrincipalsRequest, caller: Caller) async throws -> Vneid_V1_ListPrincipalsResponse {
        let principals = try await store.principals(includeRevoked: request.includeRevoked)
        return .with { $0.principals = principals.map(Vneid_V1_Principal.init) }
    }

    /// Returns one principal by id or name.
    public func getPrincipal(_ request: Vneid_V1_GetPrincipalRequest, caller: Caller) async throws -> Vneid_V1_Principal {
        Vneid_V1_Principal(try await existingPrincipal(request.principal))
    }

    /// Revokes a principal and all its keys.
    public func revokePrincipal(_ request: Vneid_V1_RevokePrincipalRequest, caller: Caller) async throws -> Vneid_V1_Principal {
        let principal = try await existingPrincipal(request.principal)
        guard principal.id != caller.principal.id else {
            throw VNeIDError.failedPrecondition("a principal cannot revoke itself; ask another ADMIN")
        }
        let revoked = try await store.revokePrincipal(id: principal.id, at: Date(), by: caller.auditActor)
        authenticator.forget(principalID: principal.id)
        logger.notice("principal revoked", metadata: ["by": "\(caller.principal.name)", "principal": "\(principal.name)"])
        return Vneid_V1_Principal(revoked)
    }

    /// Issues one more key for a principal.
    public func issueAPIKey(_ request: Vneid_V1_IssueApiKeyRequest, caller: Caller) async throws -> Vneid_V1_IssuedApiKey {
        let principal = try await existingPrincipal(request.principal)
        let key = APIKeyIssuer.issue(for: principal.id, at: Date())
        try await store.insertAPIKey(key.credential, by: caller.auditActor)
        logger.notice("API key issued", metadata: ["by": "\(caller.principal.name)", "principal": "\(principal.name)", "key": "\(key.credential.info.id)"])
        return .with { $0.info = Vneid_V1_ApiKeyInfo(key.credential.info); $0.secret = key.text }
    }

    /// Revokes one key.
    public func revokeAPIKey(_ request: Vneid_V1_RevokeApiKeyRequest, caller: Caller) async throws -> Vneid_V1_ApiKeyInfo {
        guard !request.apiKeyID.isEmpty else { throw VNeIDError.invalidArgument("api_key_id is empty") }
        let info = try await store.revokeAPIKey(id: request.apiKeyID, at: Date(), by: caller.auditActor)
        authenticator.forget(apiKeyID: info.id)
        logger.notice("API key revoked", metadata: ["by": "\(caller.principal.name)", "key": "\(info.id)"])
        return Vneid_V1_ApiKeyInfo(info)
    }

    /// Returns the caller's own principal.
    public func whoAmI(_ request: Vneid_V1_WhoAmIRequest, caller: Caller) async throws -> Vneid_V1_Principal {
        Vneid_V1_Principal(try await existingPrincipal(caller.principal.id))
    }

    private func existingPrincipal(_ idOrName: String) async throws -> Principal {
        guard !idOrName.isEmpty else { throw VNeIDError.invalidArgument("principal is empty: give a principal id or name") }
        guard let principal = try await store.principal(idOrName: idOrName) else {
            throw VNeIDError.notFound("no principal with id or name '\(idOrName)'")
        }
        return principal
    }
}
