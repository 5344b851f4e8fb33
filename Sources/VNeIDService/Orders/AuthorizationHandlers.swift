import Foundation
import Logging
import SwiftProtobuf
import VNeIDCore
import VNeIDProto

/// The station-authorization RPCs: a commander grants and revokes its deputies'
/// authorizations; commanders, deputies and auditors list them.
public struct AuthorizationHandlers: Sendable {
    let store: any VNeIDStore
    let logger: Logger

    /// Creates the handlers.
    public init(store: any VNeIDStore, logger: Logger) {
        self.store = store
        self.logger = logger
    }

    /// Grants one of the caller's station's deputies a standing authorization.
    public func grantAuthorization(_ request: Vneid_V1_GrantAuthorizationRequest, caller: Caller) async throws -> Vneid_V1_StationAuthorization {
        let commander = try commanderActor(caller)
        guard !request.deputy.isEmpty else { throw VNeIDError.invalidArgument("deputy is empty: give the deputy's principal id or name") }
        guard let deputy = try await store.principal(idOrName: request.deputy), deputy.isActive else {
            throw VNeIDError.notFound("no active principal with id or name '\(request.deputy)'")
        }
        guard deputy.roles.contains(.stationDeputy), deputy.stationID == commander.stationID else {
            throw VNeIDError.failedPrecondition("principal '\(deputy.name)' is not a STATION_DEPUTY of station \(commander.stationID?.rawValue ?? "")")
        }
        let now = Date()
        let from = request.hasValidFrom ? try request.validFrom.validatedDate(field: "valid_from") : now
        guard request.hasValidUntil else { throw VNeIDError.invalidArgument("valid_until is required: an authorization is granted for a window") }
        let until = try request.validUntil.validatedDate(field: "valid_until")
        guard until > from else { throw VNeIDError.invalidArgument("valid_until (\(until.ISO8601Format())) must be after valid_from (\(from.ISO8601Format()))") }
        guard until > now else { throw VNeIDError.invalidArgument("valid_until (\(until.ISO8601Format())) is in the past") }
        guard request.note.count <= OrderGrounds.maximumTextLength else {
            throw VNeIDError.invalidArgument("note has \(request.note.count) characters; at most \(OrderGrounds.maximumTextLength) are allowed")
        }
        let authorization = StationAuthorization(
            id: RandomIdentifier.make("auth_"),
            stationID: commander.stationID ?? StationID(trusted: "-"),
            deputy: OrderActor(deputy, as: .stationDeputy), grantedBy: commander, grantedAt: now,
            validFrom: from, validUntil: until, note: request.note
        )
        try await store.grantAuthorization(authorization)
        logger.notice("authorization granted", metadata: [
            "authorization": "\(authorization.id)", "station": "\(authorization.stationID)",
            "deputy": "\(deputy.name)", "by": "\(caller.principal.name)",
        ])
        return Vneid_V1_StationAuthorization(authorization, at: now)
    }

    /// Revokes one of the caller's station's authorizations.
    public func revokeAuthorization(_ request: Vneid_V1_RevokeAuthorizationRequest, caller: Caller) async throws -> Vneid_V1_StationAuthorization {
        let commander = try commanderActor(caller)
        guard !request.authorizationID.isEmpty else { throw VNeIDError.invalidArgument("authorization_id is empty") }
        let now = Date()
        let revoked = try await store.revokeAuthorization(
            id: request.authorizationID, station: commander.stationID ?? StationID(trusted: "-"), by: commander, at: now
        )
        logger.notice("authorization revoked", metadata: ["authorization": "\(revoked.id)", "by": "\(caller.principal.name)"])
        return Vneid_V1_StationAuthorization(revoked, at: now)
    }

    /// The authorizations of the caller's station (any station, for an auditor).
    public func listAuthorizations(_ request: Vneid_V1_ListAuthorizationsRequest, caller: Caller) async throws -> Vneid_V1_ListAuthorizationsResponse {
        var station: StationID?
        if !request.stationID.isEmpty { station = try StationID(validating: request.stationID) }
        if !caller.principal.roles.contains(.auditor) {
            let own = caller.principal.stationID
            if let station, station != own {
                throw VNeIDError.permissionDenied("principal '\(caller.principal.name)' may list only its own station's authorizations (\(own?.rawValue ?? "none"))")
            }
            station = own ?? StationID(trusted: "-")
        }
        let now = Date()
        let authorizations = try await store.authorizations(station: station)
        return .with { $0.authorizations = authorizations.map { Vneid_V1_StationAuthorization($0, at: now) } }
    }

    private func commanderActor(_ caller: Caller) throws -> OrderActor {
        guard caller.principal.roles.contains(.stationCommander), caller.principal.stationID != nil else {
            throw VNeIDError.permissionDenied("only a STATION_COMMANDER grants and revokes its station's authorizations")
        }
        return OrderActor(caller.principal, as: .stationCommander)
    }
}
