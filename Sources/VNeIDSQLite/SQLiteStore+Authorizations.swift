import Foundation
import GRDB
import VNeIDCore

extension SQLiteStore {
    public func grantAuthorization(_ authorization: StationAuthorization) async throws {
        try await pool.write { db in
            guard let deputy = try Row.fetchOne(
                db, sql: "SELECT roles, station_id, revoked_at_ms FROM principals WHERE id = ?",
                arguments: [authorization.deputy.principalID]
            ) else {
                throw VNeIDError.notFound("no principal \(authorization.deputy.principalID)")
            }
            let roles: String = deputy[0]
            guard (deputy[2] as Int64?) == nil else {
                throw VNeIDError.failedPrecondition("principal '\(authorization.deputy.name)' is revoked; it cannot be authorized")
            }
            guard roles.split(separator: ",").contains("STATION_DEPUTY"), (deputy[1] as String?) == authorization.stationID.rawValue else {
                throw VNeIDError.failedPrecondition("principal '\(authorization.deputy.name)' is not a STATION_DEPUTY of station \(authorization.stationID)")
            }
            try db.execute(sql: """
                INSERT INTO station_authorizations (id, station_id, deputy_id, deputy, granted_by, granted_at_ms,
                                                    valid_from_ms, valid_until_ms, note)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [
                    authorization.id, authorization.stationID.rawValue, authorization.deputy.principalID,
                    StoredForms.encode(authorization.deputy), StoredForms.encode(authorization.grantedBy),
                    authorization.grantedAt.millisecondsSince1970, authorization.validFrom.millisecondsSince1970,
                    authorization.validUntil.millisecondsSince1970, authorization.note,
                ])
            try Self.appendAudit(db, AuditEvent(
                kind: .authorizationGranted, at: authorization.grantedAt,
                actor: AuditActor(id: authorization.grantedBy.principalID, name: authorization.grantedBy.name),
                target: authorization.deputy.principalID,
                detail: "authorization \(authorization.id) for deputy \(authorization.deputy.name) of station \(authorization.stationID), valid \(authorization.validFrom.ISO8601Format()) to \(authorization.validUntil.ISO8601Format())\(authorization.note.isEmpty ? "" : "; \(authorization.note)")"
            ), binding: [AuditRecordKey(.authorization, authorization.id)])
        }
    }

    public func revokeAuthorization(id: String, station: StationID, by actor: OrderActor, at now: Date) async throws -> StationAuthorization {
        try await pool.write { db in
            guard var authorization = try Self.fetchAuthorizations(db, where: "id = ?", arguments: [id]).first else {
                throw VNeIDError.notFound("no authorization \(id)")
            }
            guard authorization.stationID == station else {
                throw VNeIDError.permissionDenied("authorization \(id) belongs to station \(authorization.stationID); only its commander may revoke it")
            }
            guard authorization.revokedAt == nil else {
                throw VNeIDError.failedPrecondition("authorization \(id) was revoked already at \(authorization.revokedAt?.ISO8601Format() ?? "")")
            }
            try db.execute(
                sql: "UPDATE station_authorizations SET revoked_at_ms = ?, revoked_by = ? WHERE id = ?",
                arguments: [now.millisecondsSince1970, StoredForms.encode(actor), id]
            )
            try Self.appendAudit(db, AuditEvent(
                kind: .authorizationRevoked, at: now, actor: AuditActor(id: actor.principalID, name: actor.name),
                target: authorization.deputy.principalID,
                detail: "authorization \(id) for deputy \(authorization.deputy.name) of station \(station) revoked"
            ), binding: [AuditRecordKey(.authorization, id)])
            authorization.revokedAt = Date(millisecondsSince1970: now.millisecondsSince1970)
            authorization.revokedBy = actor
            return authorization
        }
    }

    public func authorizations(station: StationID?) async throws -> [StationAuthorization] {
        try await read { db in
            if let station {
                return try Self.fetchAuthorizations(db, where: "station_id = ?", arguments: [station.rawValue])
            }
            return try Self.fetchAuthorizations(db, where: "1", arguments: [])
        }
    }

    /// Newest grant first.
    static func fetchAuthorizations(_ db: Database, where condition: String, arguments: StatementArguments) throws -> [StationAuthorization] {
        try Row.fetchAll(db, sql: """
            SELECT id, station_id, deputy, granted_by, granted_at_ms, valid_from_ms, valid_until_ms, note, revoked_at_ms, revoked_by
            FROM station_authorizations WHERE \(condition) ORDER BY granted_at_ms DESC, id
            """, arguments: arguments).map { row in
            StationAuthorization(
                id: row[0], stationID: StationID(trusted: row[1]), deputy: StoredForms.actor(row[2]),
                grantedBy: StoredForms.actor(row[3]), grantedAt: Date(millisecondsSince1970: row[4]),
                validFrom: Date(millisecondsSince1970: row[5]), validUntil: Date(millisecondsSince1970: row[6]),
                note: row[7], revokedAt: (row[8] as Int64?).map(Date.init(millisecondsSince1970:)),
                revokedBy: (row[9] as String?).map(StoredForms.actor)
            )
        }
    }
}
