import Foundation
import GRDB
import VNeIDCore

extension SQLiteStore: ServiceStore {
    public func addService(_ service: RegisteredService, by actor: AuditActor) async throws {
        try await writeServices { db in
            try RegistryWriteChecks.addService(service.name, exists: Bool.fetchOne(db, sql: "SELECT 1 FROM services WHERE name = ?", arguments: [service.name.rawValue]) != nil)
            try db.execute(
                sql: """
                    INSERT INTO services (name, audience, minimum_level, replay_protection, border_portal, created_at_ms, updated_at_ms)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    service.name.rawValue, service.audience, service.minimumLevel.rawValue, service.replayProtection, service.isBorderPortal,
                    service.createdAt.millisecondsSince1970, service.updatedAt.millisecondsSince1970,
                ]
            )
            try Self.appendAudit(db, .serviceWritten(service, isNew: true, by: actor), binding: [AuditRecordKey(.service, service.name.rawValue)])
        }
    }

    public func updateService(_ service: RegisteredService, by actor: AuditActor) async throws {
        try await writeServices { db in
            try RegistryWriteChecks.updateService(
                service,
                exists: Bool.fetchOne(db, sql: "SELECT 1 FROM services WHERE name = ?", arguments: [service.name.rawValue]) != nil,
                suspensionsInForce: Int.fetchOne(db, sql: "SELECT COUNT(*) FROM suspensions WHERE service = ?", arguments: [service.name.rawValue]) ?? 0
            )
            try db.execute(
                sql: "UPDATE services SET audience = ?, minimum_level = ?, replay_protection = ?, border_portal = ?, updated_at_ms = ? WHERE name = ?",
                arguments: [
                    service.audience, service.minimumLevel.rawValue, service.replayProtection, service.isBorderPortal,
                    service.updatedAt.millisecondsSince1970, service.name.rawValue,
                ]
            )
            try Self.appendAudit(db, .serviceWritten(service, isNew: false, by: actor), binding: [AuditRecordKey(.service, service.name.rawValue)])
        }
    }

    public func removeService(named name: ServiceName, by actor: AuditActor) async throws {
        try await writeServices { db in
            let exists = try Bool.fetchOne(db, sql: "SELECT 1 FROM services WHERE name = ?", arguments: [name.rawValue]) != nil
            let bound = try String.fetchAll(db, sql: """
                SELECT name FROM principals
                WHERE revoked_at_ms IS NULL AND (',' || services || ',') LIKE ('%,' || ? || ',%')
                ORDER BY name
                """, arguments: [name.rawValue])
            let suspended = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM suspensions WHERE service = ?", arguments: [name.rawValue]) ?? 0
            try RegistryWriteChecks.removeService(name, exists: exists, boundPrincipals: bound, suspensionsInForce: suspended)
            try db.execute(sql: "DELETE FROM services WHERE name = ?", arguments: [name.rawValue])
            try Self.appendAudit(db, .serviceRemoved(name, at: Date(), by: actor), binding: [AuditRecordKey(.service, name.rawValue)])
        }
    }

    public func service(named name: ServiceName) async throws -> RegisteredService? {
        try await registry()[name]
    }

    public func services() async throws -> [RegisteredService] {
        try await registry().values.sorted { $0.name < $1.name }
    }

    /// The whole registry, from memory when it has not changed since it was read.
    private func registry() async throws -> [ServiceName: RegisteredService] {
        let (cached, generation) = serviceCache.lookup()
        if let cached { return cached }
        let services = try await read { db in try Self.fetchServices(db) }
        serviceCache.store(services, readAt: generation)
        return services
    }

    private func writeServices(_ body: @escaping @Sendable (Database) throws -> Void) async throws {
        try await pool.write(body)
        serviceCache.invalidate()
    }

    static func fetchServices(_ db: Database) throws -> [ServiceName: RegisteredService] {
        let rows = try Row.fetchAll(db, sql: """
            SELECT name, audience, minimum_level, replay_protection, created_at_ms, updated_at_ms, border_portal FROM services
            """)
        var services: [ServiceName: RegisteredService] = [:]
        for row in rows {
            let name = ServiceName(trusted: row[0])
            services[name] = RegisteredService(
                name: name, audience: row[1],
                minimumLevel: AssuranceLevel(rawValue: row[2]) ?? .level2,
                replayProtection: row[3],
                isBorderPortal: row[6],
                createdAt: Date(millisecondsSince1970: row[4]),
                updatedAt: Date(millisecondsSince1970: row[5])
            )
        }
        return services
    }
}
