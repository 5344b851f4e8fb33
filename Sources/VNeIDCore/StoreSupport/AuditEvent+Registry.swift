import Foundation

/// The audit entries of registry writes (principals, keys, services, authorizations,
/// notices), written once here so every store records the same words.
extension AuditEvent {
    /// A principal created with its first key.
    package static func principalCreated(_ principal: Principal, firstKey: APIKeyCredential, by actor: AuditActor) -> AuditEvent {
        var detail = "principal \(principal.name) with roles \(principal.roles.sorted().map(\.rawValue).joined(separator: ","))"
        if !principal.services.isEmpty { detail += ", services \(principal.services.map(\.rawValue).joined(separator: ","))" }
        if let type = principal.requesterType { detail += ", requester type \(type.rawValue)" }
        if let station = principal.stationID { detail += ", station \(station)" }
        if let unit = principal.policeUnit { detail += ", Police unit \(unit)" }
        detail += "; first API key \(firstKey.info.id)"
        return AuditEvent(kind: .principalCreated, at: principal.createdAt, actor: actor, target: principal.id, detail: detail)
    }

    /// A principal revoked with all its keys.
    package static func principalRevoked(_ principal: Principal, at now: Date, by actor: AuditActor) -> AuditEvent {
        AuditEvent(kind: .principalRevoked, at: now, actor: actor, target: principal.id, detail: "principal \(principal.name) and all its API keys revoked")
    }

    /// One more key issued to a principal.
    package static func apiKeyIssued(_ key: APIKeyCredential, by actor: AuditActor) -> AuditEvent {
        AuditEvent(kind: .apiKeyIssued, at: key.info.createdAt, actor: actor, target: key.principalID, detail: "API key \(key.info.id) issued")
    }

    /// One key revoked.
    package static func apiKeyRevoked(id: String, of principalID: String, at now: Date, by actor: AuditActor) -> AuditEvent {
        AuditEvent(kind: .apiKeyRevoked, at: now, actor: actor, target: principalID, detail: "API key \(id) revoked")
    }

    /// A service registered (`isNew`) or its settings replaced.
    package static func serviceWritten(_ service: RegisteredService, isNew: Bool, by actor: AuditActor) -> AuditEvent {
        let detail = "service \(service.name): audience \(service.audience), minimum level \(service.minimumLevel.rawValue), replay protection \(service.replayProtection ? "on" : "off"), border e-procedure portal \(service.isBorderPortal ? "yes" : "no")"
        return isNew
            ? AuditEvent(kind: .serviceAdded, at: service.createdAt, actor: actor, target: service.name.rawValue, detail: detail)
            : AuditEvent(kind: .serviceUpdated, at: service.updatedAt, actor: actor, target: service.name.rawValue, detail: detail)
    }

    /// A service removed.
    package static func serviceRemoved(_ name: ServiceName, at now: Date, by actor: AuditActor) -> AuditEvent {
        AuditEvent(kind: .serviceRemoved, at: now, actor: actor, target: name.rawValue, detail: "service \(name) removed")
    }

    /// A station authorization granted.
    package static func authorizationGranted(_ authorization: StationAuthorization) -> AuditEvent {
        AuditEvent(
            kind: .authorizationGranted, at: authorization.grantedAt,
            actor: AuditActor(id: authorization.grantedBy.principalID, name: authorization.grantedBy.name),
            target: authorization.deputy.principalID,
            detail: "authorization \(authorization.id) for deputy \(authorization.deputy.name) of station \(authorization.stationID), valid \(authorization.validFrom.ISO8601Format()) to \(authorization.validUntil.ISO8601Format())\(authorization.note.isEmpty ? "" : "; \(authorization.note)")"
        )
    }

    /// A station authorization revoked by `actor`.
    package static func authorizationRevoked(_ authorization: StationAuthorization, by actor: OrderActor, at now: Date) -> AuditEvent {
        AuditEvent(
            kind: .authorizationRevoked, at: now, actor: AuditActor(id: actor.principalID, name: actor.name),
            target: authorization.deputy.principalID,
            detail: "authorization \(authorization.id) for deputy \(authorization.deputy.name) of station \(authorization.stationID) revoked"
        )
    }

    /// A notice recorded delivered.
    package static func noticeDelivered(_ notice: Notice, at now: Date, by actor: AuditActor) -> AuditEvent {
        let late = now > notice.dueAt ? " late (due \(notice.dueAt.ISO8601Format()))" : ""
        return AuditEvent(
            kind: .noticeDelivered, at: now, actor: actor, accountID: notice.accountID.rawValue, orderID: notice.orderID,
            target: notice.id, detail: "\(notice.kind.rawValue) to \(notice.recipientRole.rawValue) \(notice.recipientID) delivered through \(notice.channel)\(late)"
        )
    }
}
