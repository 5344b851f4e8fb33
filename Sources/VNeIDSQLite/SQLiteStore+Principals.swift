import Foundation
import GRDB
import VNeIDCore

extension SQLiteStore: PrincipalStore {
    public func hasPrincipals() async throws -> Bool {
        try await read { db in try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM principals)") ?? false }
    }

    public func insertPrincipal(_ principal: Principal, firstKey: APIKeyCredential, by actor: AuditActor) async throws {
        try await pool.write { db in
            let nameTaken = try Bool.fetchOne(db, sql: "SELECT 1 FROM principals WHERE name = ?", arguments: [principal.name]) != nil
            let unregistered = try principal.services.filter {
                try Bool.fetchOne(db, sql: "SELECT 1 FROM services WHERE name = ?", arguments: [$0.rawValue]) == nil
            }
            try RegistryWriteChecks.insertPrincipal(principal, nameTaken: nameTaken, unregisteredServices: unregistered)
            try db.execute(
                sql: """
                    INSERT INTO principals (id, name, roles, services, created_at_ms, requester_type, station_id, police_unit)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    principal.id, principal.name,
                    principal.roles.sorted().map(\.rawValue).joined(separator: ","),
                    principal.services.map(\.rawValue).joined(separator: ","),
                    principal.createdAt.millisecondsSince1970,
                    principal.requesterType?.rawValue, principal.stationID?.rawValue, principal.policeUnit?.rawValue,
                ]
            )
            try Self.insertKey(db, firstKey)
            try Self.appendAudit(db, .principalCreated(principal, firstKey: firstKey, by: actor), binding: [AuditRecordKey(.principal, principal.id)])
        }
    }

    public func principal(idOrName: String) async throws -> Principal? {
        try await read { db in
            try Self.fetchPrincipals(db, where: "id = ? OR name = ?", arguments: [idOrName, idOrName]).first
        }
    }

    public func principals(includeRevoked: Bool) async throws -> [Principal] {
        try await read { db in
            try Self.fetchPrincipals(db, where: includeRevoked ? "1" : "revoked_at_ms IS NULL", arguments: [])
        }
    }

    public func revokePrincipal(id: String, at now: Date, by actor: AuditActor) async throws -> Principal {
        try await pool.write { db in
            let principal = try RegistryWriteChecks.revokePrincipal(id: id, Self.fetchPrincipals(db, where: "id = ?", arguments: [id]).first)
            let milliseconds = now.millisecondsSince1970
            try db.execute(sql: "UPDATE principals SET revoked_at_ms = ? WHERE id = ?", arguments: [milliseconds, id])
            try db.execute(
                sql: "UPDATE api_keys SET revoked_at_ms = ? WHERE principal_id = ? AND revoked_at_ms IS NULL",
                arguments: [milliseconds, id]
            )
            try Self.appendAudit(db, .principalRevoked(principal, at: now, by: actor), binding: [AuditRecordKey(.principal, id)])
            return try Self.fetchPrincipals(db, where: "id = ?", arguments: [id])[0]
        }
    }

    public func insertAPIKey(_ key: APIKeyCredential, by actor: AuditActor) async throws {
        try await pool.write { db in
            let row = try Row.fetchOne(db, sql: "SELECT revoked_at_ms FROM principals WHERE id = ?", arguments: [key.principalID])
            try RegistryWriteChecks.insertAPIKey(principalID: key.principalID, exists: row != nil, revoked: (row?[0] as Int64?) != nil)
            try Self.insertKey(db, key)
            try Self.appendAudit(db, .apiKeyIssued(key, by: actor), binding: [AuditRecordKey(.principal, key.principalID)])
        }
    }

    public func revokeAPIKey(id: String, at now: Date, by actor: AuditActor) async throws -> APIKeyInfo {
        try await pool.write { db in
            let found = try Row.fetchOne(db, sql: "SELECT created_at_ms, revoked_at_ms, principal_id FROM api_keys WHERE id = ?", arguments: [id])
            try RegistryWriteChecks.revokeAPIKey(id: id, exists: found != nil, revoked: (found?[1] as Int64?) != nil)
            guard let row = found else { throw VNeIDError.notFound("no API key with id \(id)") }
            try db.execute(sql: "UPDATE api_keys SET revoked_at_ms = ? WHERE id = ?", arguments: [now.millisecondsSince1970, id])
            try Self.appendAudit(db, .apiKeyRevoked(id: id, of: row[2], at: now, by: actor), binding: [AuditRecordKey(.principal, row[2])])
            return APIKeyInfo(id: id, createdAt: Date(millisecondsSince1970: row[0]), revokedAt: now)
        }
    }

    public func credential(apiKeyID id: String) async throws -> (key: APIKeyCredential, principal: Principal)? {
        try await read { db in
            guard let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT principal_id, secret_hash, created_at_ms, revoked_at_ms FROM api_keys WHERE id = ?"),
                arguments: [id]
            ) else { return nil }
            let principalID: String = row[0]
            guard let principal = try Self.fetchPrincipals(db, where: "id = ?", arguments: [principalID]).first else {
                return nil
            }
            let key = APIKeyCredential(
                info: APIKeyInfo(
                    id: id,
                    createdAt: Date(millisecondsSince1970: row[2]),
                    revokedAt: (row[3] as Int64?).map(Date.init(millisecondsSince1970:))
                ),
                principalID: principalID,
                secretHash: [UInt8](row[1] as Data)
            )
            return (key, principal)
        }
    }

    /// Every API key of `principalID` with its secret's hash, for binding to the audit chain.
    static func fetchCredentials(_ db: Database, principalID: String) throws -> [APIKeyCredential] {
        try Row.fetchAll(
            db.cachedStatement(sql: "SELECT id, secret_hash, created_at_ms, revoked_at_ms FROM api_keys WHERE principal_id = ? ORDER BY id"),
            arguments: [principalID]
        ).map { row in
            APIKeyCredential(
                info: APIKeyInfo(
                    id: row[0], createdAt: Date(millisecondsSince1970: row[2]),
                    revokedAt: (row[3] as Int64?).map(Date.init(millisecondsSince1970:))
                ),
                principalID: principalID, secretHash: [UInt8](row[1] as Data)
            )
        }
    }

    private static func insertKey(_ db: Database, _ key: APIKeyCredential) throws {
        try db.execute(
            sql: "INSERT INTO api_keys (id, principal_id, secret_hash, created_at_ms) VALUES (?, ?, ?, ?)",
            arguments: [key.info.id, key.principalID, Data(key.secretHash), key.info.createdAt.millisecondsSince1970]
        )
    }

    static func fetchPrincipals(_ db: Database, where condition: String, arguments: StatementArguments) throws -> [Principal] {
        let rows = try Row.fetchAll(db, sql: """
            SELECT id, name, roles, services, created_at_ms, revoked_at_ms, requester_type, station_id, police_unit FROM principals
            WHERE \(condition) ORDER BY created_at_ms, id
            """, arguments: arguments)
        return try rows.map { row in
            let id: String = row[0]
            let keys = try Row.fetchAll(
                db, sql: "SELECT id, created_at_ms, revoked_at_ms FROM api_keys WHERE principal_id = ? ORDER BY created_at_ms, id",
                arguments: [id]
            ).map { key in
                APIKeyInfo(
                    id: key[0],
                    createdAt: Date(millisecondsSince1970: key[1]),
                    revokedAt: (key[2] as Int64?).map(Date.init(millisecondsSince1970:))
                )
            }
            return Principal(
                id: id,
                name: row[1],
                roles: Set((row[2] as String).split(separator: ",").compactMap { Role(rawValue: String($0)) }),
                services: (row[3] as String).split(separator: ",").compactMap { try? ServiceName(validating: String($0)) },
                createdAt: Date(millisecondsSince1970: row[4]),
                revokedAt: (row[5] as Int64?).map(Date.init(millisecondsSince1970:)),
                apiKeys: keys,
                requesterType: (row[6] as String?).flatMap(RequesterType.init(rawValue:)),
                stationID: (row[7] as String?).map(StationID.init(trusted:)),
                policeUnit: (row[8] as String?).map(PoliceUnitID.init(trusted:))
            )
        }
    }
}
