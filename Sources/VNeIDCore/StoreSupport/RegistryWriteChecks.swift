import Foundation

/// The checks a store makes inside the transaction of a registry write, on facts it read
/// in that transaction: written once here, so every store refuses the same writes with
/// the same words.
package enum RegistryWriteChecks {
    /// A new principal's name must be free and its services registered.
    package static func insertPrincipal(_ principal: Principal, nameTaken: Bool, unregisteredServices: [ServiceName]) throws(VNeIDError) {
        if nameTaken {
            throw .alreadyExists("a principal named '\(principal.name)' exists already; choose another name or revoke it first")
        }
        if let service = unregisteredServices.first {
            throw .failedPrecondition("service \(service) is not registered; an admin registers it first with 'vneidctl services add \(service) --audience ...'")
        }
    }

    /// Only an existing, active principal is revoked.
    package static func revokePrincipal(id: String, _ principal: Principal?) throws(VNeIDError) -> Principal {
        guard let principal else { throw .notFound("no principal with id \(id)") }
        guard principal.isActive else { throw .failedPrecondition("principal '\(principal.name)' was revoked already") }
        return principal
    }

    /// Only an existing, active principal receives a key.
    package static func insertAPIKey(principalID: String, exists: Bool, revoked: Bool) throws(VNeIDError) {
        guard exists else { throw .notFound("no principal with id \(principalID)") }
        guard !revoked else { throw .failedPrecondition("principal \(principalID) is revoked; it cannot receive new keys") }
    }

    /// Only an existing, active key is revoked.
    package static func revokeAPIKey(id: String, exists: Bool, revoked: Bool) throws(VNeIDError) {
        guard exists else { throw .notFound("no API key with id \(id)") }
        guard !revoked else { throw .failedPrecondition("API key \(id) was revoked already") }
    }

    /// A service name is registered once.
    package static func addService(_ name: ServiceName, exists: Bool) throws(VNeIDError) {
        if exists { throw .alreadyExists("service \(name) is registered already; change it with 'vneidctl services update'") }
    }

    /// A service stops being a border portal only when no suspension under it is in force.
    package static func updateService(_ service: RegisteredService, exists: Bool, suspensionsInForce: Int) throws(VNeIDError) {
        guard exists else { throw .notFound("no service \(service.name) is registered") }
        if !service.isBorderPortal, suspensionsInForce > 0 {
            throw .failedPrecondition("service \(service.name) has \(suspensionsInForce) suspension(s) in force; it stays a border e-procedure portal until the stations have restored them")
        }
    }

    /// A service is removed only when no active principal is bound to it and no suspension
    /// under it is in force.
    package static func removeService(_ name: ServiceName, exists: Bool, boundPrincipals: [String], suspensionsInForce: Int) throws(VNeIDError) {
        guard exists else { throw .notFound("no service \(name) is registered") }
        guard boundPrincipals.isEmpty else {
            throw .failedPrecondition("service \(name) still has principals bound to it (\(boundPrincipals.joined(separator: ", "))); revoke them first")
        }
        guard suspensionsInForce == 0 else {
            throw .failedPrecondition("service \(name) has \(suspensionsInForce) suspension(s) in force; the stations restore them first")
        }
    }

    /// An authorization goes only to an active STATION_DEPUTY of its station.
    package static func grantAuthorization(_ authorization: StationAuthorization, deputy: Principal?) throws(VNeIDError) {
        guard let deputy else { throw .notFound("no principal \(authorization.deputy.principalID)") }
        guard deputy.isActive else {
            throw .failedPrecondition("principal '\(authorization.deputy.name)' is revoked; it cannot be authorized")
        }
        guard deputy.roles.contains(.stationDeputy), deputy.stationID == authorization.stationID else {
            throw .failedPrecondition("principal '\(authorization.deputy.name)' is not a STATION_DEPUTY of station \(authorization.stationID)")
        }
    }

    /// Only the authorization's own station revokes it, once.
    package static func revokeAuthorization(id: String, _ authorization: StationAuthorization?, station: StationID) throws(VNeIDError) -> StationAuthorization {
        guard let authorization else { throw .notFound("no authorization \(id)") }
        guard authorization.stationID == station else {
            throw .permissionDenied("authorization \(id) belongs to station \(authorization.stationID); only its commander may revoke it")
        }
        guard authorization.revokedAt == nil else {
            throw .failedPrecondition("authorization \(id) was revoked already at \(authorization.revokedAt?.ISO8601Format() ?? "")")
        }
        return authorization
    }

    /// A notice is acknowledged only through one of the caller's channels.
    package static func acknowledgeNotice(id: String, _ notice: Notice?, channels: [NoticeChannel]) throws(VNeIDError) -> Notice {
        guard let notice, channels.contains(notice.channel) else {
            throw .notFound("no notice \(id) is delivered through your channels (\(channels.map(\.description).joined(separator: ", ")))")
        }
        return notice
    }
}
