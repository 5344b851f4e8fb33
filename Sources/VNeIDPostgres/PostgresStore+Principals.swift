import Foundation
import PostgresNIO
import VNeIDCore

extension PostgresStore: PrincipalStore {
    public func hasPrincipals() async throws -> Bool {
        try await withSession { session in try session.exists("SELECT 1 FROM principals LIMIT 1") }
    }

    public func insertPrincipal(_ principal: Principal, firstKey: APIKeyCredential, by actor: AuditActor) async throws {
        try await write { session in
            let nameTaken = try session.exists("SELECT 1 FROM principals WHERE name = \(principal.name)")
            let unregistered = try principal.services.filter { !(try session.exists("SELECT 1 FROM services WHERE name = \($0.rawValue)")) }
            try RegistryWriteChecks.insertPrincipal(principal, nameTaken: nameTaken, unregisteredServices: unregistered)
            try session.execute("""
                INSERT INTO principals (id, name, roles, services, created_at_ms, requester_type, station_id, police_unit)
                VALUES (\(principal.id), \(principal.name), \(principal.roles.sorted().map(\.rawValue).joined(separator: ",")),
                        \(principal.services.map(\.rawValue).joined(separator: ",")), \(principal.createdAt.millisecondsSince1970),
                        \(principal.requesterType?.rawValue), \(principal.stationID?.rawValue), \(principal.policeUnit?.rawValue))
                """)
            try Self.insertKey(session, firstKey)
            try Self.appendAudit(session, .principalCreated(principal, firstKey: firstKey, by: actor), binding: [AuditRecordKey(.principal, principal.id)])
        }
    }

    public func principal(idOrName: String) async throws -> Principal? {
        try await read { session in
            try Self.fetchPrincipals(session, where: "id = $1 OR name = $1", .init(binding: idOrName)).first
        }
    }

    public func principals(includeRevoked: Bool) async throws -> [Principal] {
        try await read { session in
            try Self.fetchPrincipals(session, where: includeRevoked ? "TRUE" : "revoked_at_ms IS NULL")
        }
    }

    public func revokePrincipal(id: String, at now: Date, by actor: AuditActor) async throws -> Principal {
        try await write { session in
            let principal = try RegistryWriteChecks.revokePrincipal(id: id, Self.fetchPrincipals(session, where: "id = $1", .init(binding: id)).first)
            let milliseconds = now.millisecondsSince1970
            try session.execute("UPDATE principals SET revoked_at_ms = \(milliseconds) WHERE id = \(id)")
            try session.execute("UPDATE api_keys SET revoked_at_ms = \(milliseconds) WHERE principal_id = \(id) AND revoked_at_ms IS NULL")
            try Self.appendAudit(session, .principalRevoked(principal, at: now, by: actor), binding: [AuditRecordKey(.principal, id)])
            return try Self.fetchPrincipals(session, where: "id = $1", .init(binding: id))[0]
        }
    }

    public func insertAPIKey(_ key: APIKeyCredential, by actor: AuditActor) async throws {
        try await write { session in
            let row = try session.one("SELECT revoked_at_ms FROM principals WHERE id = \(key.principalID)")
            try RegistryWriteChecks.insertAPIKey(principalID: key.principalID, exists: row != nil, revoked: try row?(0, as: Int64?.self) != nil)
            try Self.insertKey(session, key)
            try Self.appendAudit(session, .apiKeyIssued(key, by: actor), binding: [AuditRecordKey(.principal, key.principalID)])
        }
    }

    public func revokeAPIKey(id: String, at now: Date, by actor: AuditActor) async throws -> APIKeyInfo {
        try await write { session in
            let row = try session.one("SELECT created_at_ms, revoked_at_ms, principal_id FROM api_keys WHERE id = \(id)")
            try RegistryWriteChecks.revokeAPIKey(id: id, exists: row != nil, revoked: try row?(1, as: Int64?.self) != nil)
            guard let row else { throw VNeIDError.notFound("no API key with id \(id)") }
            let principalID: String = try row(2)
            try session.execute("UPDATE api_keys SET revoked_at_ms = \(now.millisecondsSince1970) WHERE id = \(id)")
            try Self.appendAudit(session, .apiKeyRevoked(id: id, of: principalID, at: now, by: actor), binding: [AuditRecordKey(.principal, principalID)])
            return APIKeyInfo(id: id, createdAt: Date(millisecondsSince1970: try row(0)), revokedAt: now)
        }
    }

    public func credential(apiKeyID id: String) async throws -> (key: APIKeyCredential, principal: Principal)? {
        // No transaction: two reads, each as committed; a key read before a revocation that
        // commits in between is what the credential cache's bound already allows.
        let found = try await withSession { session -> CredentialRow? in
            guard let row = try session.one("SELECT principal_id, secret_hash, created_at_ms, revoked_at_ms FROM api_keys WHERE id = \(id)") else {
                return nil
            }
            let principalID: String = try row(0)
            guard let principal = try Self.fetchPrincipals(session, where: "id = $1", .init(binding: principalID)).first else { return nil }
            let key = APIKeyCredential(
                info: APIKeyInfo(
                    id: id, createdAt: Date(millisecondsSince1970: try row(2)),
                    revokedAt: try row(3, as: Int64?.self).map(Date.init(millisecondsSince1970:))
                ),
                principalID: principalID, secretHash: [UInt8](try row(1, as: Data.self))
            )
            return CredentialRow(key: key, principal: principal)
        }
        return found.map { ($0.key, $0.principal) }
    }

    private struct CredentialRow: Sendable {
        var key: APIKeyCredential
        var principal: Principal
    }

    /// Every API key of `principalID` with its secret's hash, for binding to the audit chain.
    static func fetchCredentials(_ session: PostgresSession, principalID: String) throws -> [APIKeyCredential] {
        try session.rows("SELECT id, secret_hash, created_at_ms, revoked_at_ms FROM api_keys WHERE principal_id = \(principalID) ORDER BY id").map { row in
            APIKeyCredential(
                info: APIKeyInfo(
                    id: try row(0), createdAt: Date(millisecondsSince1970: try row(2)),
                    revokedAt: try row(3, as: Int64?.self).map(Date.init(millisecondsSince1970:))
                ),
                principalID: principalID, secretHash: [UInt8](try row(1, as: Data.self))
            )
        }
    }

    private static func insertKey(_ session: PostgresSession, _ key: APIKeyCredential) throws {
        try session.execute("""
            INSERT INTO api_keys (id, principal_id, secret_hash, created_at_ms)
            VALUES (\(key.info.id), \(key.principalID), \(Data(key.secretHash)), \(key.info.createdAt.millisecondsSince1970))
            """)
    }

    /// Principals matching `condition`, whose parameters `builder` holds, oldest first,
    /// with their keys.
    static func fetchPrincipals(_ session: PostgresSession, where condition: String, _ builder: PostgresQueryBuilder = .init()) throws -> [Principal] {
        let rows = try session.rows(builder.query("""
            SELECT id, name, roles, services, created_at_ms, revoked_at_ms, requester_type, station_id, police_unit FROM principals
            WHERE \(condition) ORDER BY created_at_ms, id
            """))
        return try rows.map { row in
            let id: String = try row(0)
            let keys = try session.rows("""
                SELECT id, created_at_ms, revoked_at_ms FROM api_keys WHERE principal_id = \(id) ORDER BY created_at_ms, id
                """).map { key in
                APIKeyInfo(
                    id: try key(0), createdAt: Date(millisecondsSince1970: try key(1)),
                    revokedAt: try key(2, as: Int64?.self).map(Date.init(millisecondsSince1970:))
                )
            }
            return Principal(
                id: id,
                name: try row(1),
                roles: Set(try row(2, as: String.self).split(separator: ",").compactMap { Role(rawValue: String($0)) }),
                services: try row(3, as: String.self).split(separator: ",").compactMap { try? ServiceName(validating: String($0)) },
                createdAt: Date(millisecondsSince1970: try row(4)),
                revokedAt: try row(5, as: Int64?.self).map(Date.init(millisecondsSince1970:)),
                apiKeys: keys,
                requesterType: try row(6, as: String?.self).flatMap(RequesterType.init(rawValue:)),
                stationID: try row(7, as: String?.self).map(StationID.init(trusted:)),
                policeUnit: try row(8, as: String?.self).map(PoliceUnitID.init(trusted:))
            )
        }
    }
}
