import Foundation
import PostgresNIO
import VNeIDCore

extension PostgresStore {
    public func grantAuthorization(_ authorization: StationAuthorization) async throws {
        try await write { session in
            let deputy = try Self.fetchPrincipals(session, where: "id = $1", .init(binding: authorization.deputy.principalID)).first
            try RegistryWriteChecks.grantAuthorization(authorization, deputy: deputy)
            try session.execute("""
                INSERT INTO station_authorizations (id, station_id, deputy_id, deputy, granted_by, granted_at_ms,
                                                    valid_from_ms, valid_until_ms, note)
                VALUES (\(authorization.id), \(authorization.stationID.rawValue), \(authorization.deputy.principalID),
                        \(StoredForms.encode(authorization.deputy)), \(StoredForms.encode(authorization.grantedBy)),
                        \(authorization.grantedAt.millisecondsSince1970), \(authorization.validFrom.millisecondsSince1970),
                        \(authorization.validUntil.millisecondsSince1970), \(authorization.note))
                """)
            try Self.appendAudit(session, .authorizationGranted(authorization), binding: [AuditRecordKey(.authorization, authorization.id)])
        }
    }

    public func revokeAuthorization(id: String, station: StationID, by actor: OrderActor, at now: Date) async throws -> StationAuthorization {
        try await write { session in
            var authorization = try RegistryWriteChecks.revokeAuthorization(
                id: id, Self.fetchAuthorizations(session, where: "id = $1", .init(binding: id)).first, station: station
            )
            try session.execute("""
                UPDATE station_authorizations SET revoked_at_ms = \(now.millisecondsSince1970), revoked_by = \(StoredForms.encode(actor))
                WHERE id = \(id)
                """)
            try Self.appendAudit(session, .authorizationRevoked(authorization, by: actor, at: now), binding: [AuditRecordKey(.authorization, id)])
            authorization.revokedAt = Date(millisecondsSince1970: now.millisecondsSince1970)
            authorization.revokedBy = actor
            return authorization
        }
    }

    public func authorizations(station: StationID?) async throws -> [StationAuthorization] {
        try await withSession { session in
            if let station {
                return try Self.fetchAuthorizations(session, where: "station_id = $1", .init(binding: station.rawValue))
            }
            return try Self.fetchAuthorizations(session, where: "TRUE")
        }
    }

    /// Newest grant first.
    static func fetchAuthorizations(_ session: PostgresSession, where condition: String, _ builder: PostgresQueryBuilder = .init()) throws -> [StationAuthorization] {
        try session.rows(builder.query("""
            SELECT id, station_id, deputy, granted_by, granted_at_ms, valid_from_ms, valid_until_ms, note, revoked_at_ms, revoked_by
            FROM station_authorizations WHERE \(condition) ORDER BY granted_at_ms DESC, id
            """)).map { row in
            StationAuthorization(
                id: try row(0), stationID: StationID(trusted: try row(1)), deputy: StoredForms.actor(try row(2)),
                grantedBy: StoredForms.actor(try row(3)), grantedAt: Date(millisecondsSince1970: try row(4)),
                validFrom: Date(millisecondsSince1970: try row(5)), validUntil: Date(millisecondsSince1970: try row(6)),
                note: try row(7), revokedAt: try row(8, as: Int64?.self).map(Date.init(millisecondsSince1970:)),
                revokedBy: try row(9, as: String?.self).map(StoredForms.actor)
            )
        }
    }
}
