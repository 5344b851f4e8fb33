import Foundation
import GRDB
import VNeIDCore

extension SQLiteStore: PrincipalStore {
    public func hasPrincipals() async throws -> Bool {
        try await read { db in try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM principals)") ?? false }
    }

    public func insertPrincipal(_ principal: Principal, firstKey: APIKeyCredential, by actor: AuditActor) async throws {
        try await pool.write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM principals WHERE name = ?", arguments: [principal.name]) != nil {
                throw VNeIDError.alreadyExists("a principal named '\(principal.name)' exists already; choose another name or revoke it first")
            }
            for service in principal.services
            where try Bool.fetchOne(db, sql: "SELECT 1 FROM services WHERE name = ?", arguments: [service.rawValue]) == nil {
                throw VNeIDError.failedPrecondition("service \(service) is not registered; an admin registers it first with 'vneidctl services add \(service) --audience ...'")
            }
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
            var detail = "principal \(principal.name) with roles \(principal.roles.sorted().map(\.rawValue).joined(separator: ","))"
            if !principal.services.isEmpty { detail += ", services \(principal.services.map(\.rawValue).joined(separator: ","))" }
            if let type = principal.requesterType { detail += ", requester type \(type.rawValue)" }
            if let station = principal.stationID { detail += ", station \(station)" }
            if let unit = principal.policeUnit { detail += ", Police unit \(unit)" }
            detail += "; first API key \(firstKey.info.id)"
            try Self.appendAudit(db, AuditEvent(kind: .principalCreated, at: principal.createdAt, actor: actor, target: principal.id, detail: detail), binding: [AuditRecordKey(.principal, principal.id)])
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
            guard let principal = try Self.fetchPrincipals(db, where: "id = ?", arguments: [id]).first else {
                throw VNeIDError.notFound("no principal with id \(id)")
            }
            guard principal.isActive else {
                throw VNeIDError.failedPrecondition("principal '\(principal.name)' was revoked already")
            }
            let milliseconds = now.millisecondsSince1970
            try db.execute(sql: "UPDATE principals SET revoked_at_ms = ? WHERE id = ?", arguments: [milliseconds, id])
            try db.execute(
                sql: "UPDATE api_keys SET revoked_at_ms = ? WHERE principal_id = ? AND revoked_at_ms IS NULL",
                arguments: [milliseconds, id]
            )
            try Self.appendAudit(db, AuditEvent(kind: .principalRevoked, at: now, actor: actor, target: id, detail: "principal \(principal.name) and all its API keys revoked"), binding: [AuditRecordKey(.principal, id)])
            return try Self.fetchPrincipals(db, where: "id = ?", arguments: [id])[0]
        }
    }

    public func insertAPIKey(_ key: APIKeyCredential, by actor: AuditActor) async throws {
        try await pool.write { db in
            let revoked = try Row.fetchOne(db, sql: "SELECT revoked_at_ms FROM principals WHERE id = ?", arguments: [key.principalID])
            guard let revoked else { throw VNeIDError.notFound("no principal with id \(key.principalID)") }
            guard (revoked[0] as Int64?) == nil else {
                throw VNeIDError.failedPrecondition("principal \(key.principalID) is revoked; it cannot receive new keys")
            }
            try Self.insertKey(db, key)
            try Self.appendAudit(db, AuditEvent(kind: .apiKeyIssued, at: key.info.createdAt, actor: actor, target: key.principalID, detail: "API key \(key.info.id) issued"), binding: [AuditRecordKey(.principal, key.principalID)])
        }
    }

    public func revokeAPIKey(id: String, at now: Date, by actor: AuditActor) async throws -> APIKeyInfo {
        try await pool.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT created_at_ms, revoked_at_ms, principal_id FROM api_keys WHERE id = ?", arguments: [id]) else {
                throw VNeIDError.notFound("no API key with id \(id)")
            }
            guard (row[1] as Int64?) == nil else {
                throw VNeIDError.failedPrecondition("API key \(id) was revoked already")
            }
            try db.execute(sql: "UPDATE api_keys SET revoked_at_ms = ? WHERE id = ?", arguments: [now.millisecondsSince1970, id])
            try Self.appendAudit(db, AuditEvent(kind: .apiKeyRevoked, at: now, actor: actor, target: row[2], detail: "API key \(id) revoked"), binding: [AuditRecordKey(.principal, row[2])])
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
