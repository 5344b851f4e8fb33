import Foundation
import GRDB
import VNeIDCore

extension SQLiteStore: PrincipalStore {
    public func hasPrincipals() async throws -> Bool {
        try await pool.read { db in try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM principals)") ?? false }
    }

    public func insertPrincipal(_ principal: Principal, firstKey: APIKeyCredential) async throws {
        try await pool.write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM principals WHERE name = ?", arguments: [principal.name]) != nil {
                throw VNeIDError.alreadyExists("a principal named '\(principal.name)' exists already; choose another name or revoke it first")
            }
            for service in principal.services
            where try Bool.fetchOne(db, sql: "SELECT 1 FROM services WHERE name = ?", arguments: [service.rawValue]) == nil {
                throw VNeIDError.failedPrecondition("service \(service) is not registered; an admin registers it first with 'vneidctl services add \(service) --audience ...'")
            }
            try db.execute(
                sql: "INSERT INTO principals (id, name, roles, services, created_at_ms) VALUES (?, ?, ?, ?, ?)",
                arguments: [
                    principal.id, principal.name,
                    principal.roles.sorted().map(\.rawValue).joined(separator: ","),
                    principal.services.map(\.rawValue).joined(separator: ","),
                    principal.createdAt.millisecondsSince1970,
                ]
            )
            try Self.insertKey(db, firstKey)
        }
    }

    public func principal(idOrName: String) async throws -> Principal? {
        try await pool.read { db in
            try Self.fetchPrincipals(db, where: "id = ? OR name = ?", arguments: [idOrName, idOrName]).first
        }
    }

    public func principals(includeRevoked: Bool) async throws -> [Principal] {
        try await pool.read { db in
            try Self.fetchPrincipals(db, where: includeRevoked ? "1" : "revoked_at_ms IS NULL", arguments: [])
        }
    }

    public func revokePrincipal(id: String, at now: Date) async throws -> Principal {
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
            return try Self.fetchPrincipals(db, where: "id = ?", arguments: [id])[0]
        }
    }

    public func insertAPIKey(_ key: APIKeyCredential) async throws {
        try await pool.write { db in
            let revoked = try Row.fetchOne(db, sql: "SELECT revoked_at_ms FROM principals WHERE id = ?", arguments: [key.principalID])
            guard let revoked else { throw VNeIDError.notFound("no principal with id \(key.principalID)") }
            guard (revoked[0] as Int64?) == nil else {
                throw VNeIDError.failedPrecondition("principal \(key.principalID) is revoked; it cannot receive new keys")
            }
            try Self.insertKey(db, key)
        }
    }

    public func revokeAPIKey(id: String, at now: Date) async throws -> APIKeyInfo {
        try await pool.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT created_at_ms, revoked_at_ms FROM api_keys WHERE id = ?", arguments: [id]) else {
                throw VNeIDError.notFound("no API key with id \(id)")
            }
            guard (row[1] as Int64?) == nil else {
                throw VNeIDError.failedPrecondition("API key \(id) was revoked already")
            }
            try db.execute(sql: "UPDATE api_keys SET revoked_at_ms = ? WHERE id = ?", arguments: [now.millisecondsSince1970, id])
            return APIKeyInfo(id: id, createdAt: Date(millisecondsSince1970: row[0]), revokedAt: now)
        }
    }

    public func credential(apiKeyID id: String) async throws -> (key: APIKeyCredential, principal: Principal)? {
        try readOnCallingThread { db in
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

    private static func insertKey(_ db: Database, _ key: APIKeyCredential) throws {
        try db.execute(
            sql: "INSERT INTO api_keys (id, principal_id, secret_hash, created_at_ms) VALUES (?, ?, ?, ?)",
            arguments: [key.info.id, key.principalID, Data(key.secretHash), key.info.createdAt.millisecondsSince1970]
        )
    }

    private static func fetchPrincipals(_ db: Database, where condition: String, arguments: StatementArguments) throws -> [Principal] {
        let rows = try Row.fetchAll(db, sql: """
            SELECT id, name, roles, services, created_at_ms, revoked_at_ms FROM principals
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
                apiKeys: keys
            )
        }
    }
}
