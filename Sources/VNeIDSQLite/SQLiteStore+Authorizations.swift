import Foundation
import GRDB
import VNeIDCore

extension SQLiteStore {
    public func grantAuthorization(_ authorization: StationAuthorization) async throws {
        try await pool.write { db in
            let deputy = try Self.fetchPrincipals(db, where: "id = ?", arguments: [authorization.deputy.principalID]).first
            try RegistryWriteChecks.grantAuthorization(authorization, deputy: deputy)
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
            try Self.appendAudit(db, .authorizationGranted(authorization), binding: [AuditRecordKey(.authorization, authorization.id)])
        }
    }

    public func revokeAuthorization(id: String, station: StationID, by actor: OrderActor, at now: Date) async throws -> StationAuthorization {
        try await pool.write { db in
            var authorization = try RegistryWriteChecks.revokeAuthorization(
                id: id, Self.fetchAuthorizations(db, where: "id = ?", arguments: [id]).first, station: station
            )
            try db.execute(
                sql: "UPDATE station_authorizations SET revoked_at_ms = ?, revoked_by = ? WHERE id = ?",
                arguments: [now.millisecondsSince1970, StoredForms.encode(actor), id]
            )
            try Self.appendAudit(db, .authorizationRevoked(authorization, by: actor, at: now), binding: [AuditRecordKey(.authorization, id)])
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
