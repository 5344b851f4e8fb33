import Foundation
import PostgresNIO
import VNeIDCore

extension PostgresStore: ServiceStore {
    public func addService(_ service: RegisteredService, by actor: AuditActor) async throws {
        try await writeServices { session in
            try RegistryWriteChecks.addService(service.name, exists: session.exists("SELECT 1 FROM services WHERE name = \(service.name.rawValue)"))
            try session.execute("""
                INSERT INTO services (name, audience, minimum_level, replay_protection, border_portal, created_at_ms, updated_at_ms)
                VALUES (\(service.name.rawValue), \(service.audience), \(Int32(service.minimumLevel.rawValue)), \(service.replayProtection),
                        \(service.isBorderPortal), \(service.createdAt.millisecondsSince1970), \(service.updatedAt.millisecondsSince1970))
                """)
            try Self.appendAudit(session, .serviceWritten(service, isNew: true, by: actor), binding: [AuditRecordKey(.service, service.name.rawValue)])
            return service.name
        }
    }

    public func updateService(_ service: RegisteredService, by actor: AuditActor) async throws {
        try await writeServices { session in
            try RegistryWriteChecks.updateService(
                service,
                exists: session.exists("SELECT 1 FROM services WHERE name = \(service.name.rawValue)"),
                suspensionsInForce: Self.suspensionCount(session, service: service.name)
            )
            try session.execute("""
                UPDATE services SET audience = \(service.audience), minimum_level = \(Int32(service.minimumLevel.rawValue)),
                                    replay_protection = \(service.replayProtection), border_portal = \(service.isBorderPortal),
                                    updated_at_ms = \(service.updatedAt.millisecondsSince1970)
                WHERE name = \(service.name.rawValue)
                """)
            try Self.appendAudit(session, .serviceWritten(service, isNew: false, by: actor), binding: [AuditRecordKey(.service, service.name.rawValue)])
            return service.name
        }
    }

    public func removeService(named name: ServiceName, by actor: AuditActor) async throws {
        try await writeServices { session in
            let exists = try session.exists("SELECT 1 FROM services WHERE name = \(name.rawValue)")
            let bound: [String] = try session.rows("""
                SELECT name FROM principals
                WHERE revoked_at_ms IS NULL AND (',' || services || ',') LIKE ('%,' || \(name.rawValue) || ',%')
                ORDER BY name
                """).map { try $0(0) }
            try RegistryWriteChecks.removeService(name, exists: exists, boundPrincipals: bound, suspensionsInForce: Self.suspensionCount(session, service: name))
            try session.execute("DELETE FROM services WHERE name = \(name.rawValue)")
            try Self.appendAudit(session, .serviceRemoved(name, at: Date(), by: actor), binding: [AuditRecordKey(.service, name.rawValue)])
            return name
        }
    }

    public func service(named name: ServiceName) async throws -> RegisteredService? {
        try await registry()[name]
    }

    public func services() async throws -> [RegisteredService] {
        try await registry().values.sorted { $0.name < $1.name }
    }

    /// The whole registry, from memory while the change feed vouches for it.
    private func registry() async throws -> [ServiceName: RegisteredService] {
        let fresh = feed.isFresh
        let (cached, generation) = serviceCache.lookup()
        if fresh, let cached { return cached }
        let services = try await withSession { session in try Self.fetchServices(session) }
        if fresh { serviceCache.store(services, readAt: generation) }
        return services
    }

    /// A registry write, noted in the change feed for the other daemons, and dropped from
    /// this daemon's cache once committed.
    private func writeServices(_ body: @escaping @Sendable (PostgresSession) throws -> ServiceName) async throws {
        _ = try await write { session in
            let name = try body(session)
            try ChangeFeed.record(session, kind: "service", key: name.rawValue)
            return name
        }
        serviceCache.invalidate()
    }

    private static func suspensionCount(_ session: PostgresSession, service: ServiceName) throws -> Int {
        Int(try session.one("SELECT COUNT(*) FROM suspensions WHERE service = \(service.rawValue)").map { try $0(0, as: Int64.self) } ?? 0)
    }

    /// The registry, or only the service `name` when given.
    static func fetchServices(_ session: PostgresSession, named name: ServiceName? = nil) throws -> [ServiceName: RegisteredService] {
        var builder = PostgresQueryBuilder()
        let condition = name.map { "WHERE name = \(builder.bind($0.rawValue))" } ?? ""
        var services: [ServiceName: RegisteredService] = [:]
        for row in try session.rows(builder.query("""
            SELECT name, audience, minimum_level, replay_protection, created_at_ms, updated_at_ms, border_portal FROM services \(condition)
            """)) {
            let name = ServiceName(trusted: try row(0))
            services[name] = RegisteredService(
                name: name, audience: try row(1),
                minimumLevel: AssuranceLevel(rawValue: Int(try row(2, as: Int32.self))) ?? .level2,
                replayProtection: try row(3), isBorderPortal: try row(6),
                createdAt: Date(millisecondsSince1970: try row(4)),
                updatedAt: Date(millisecondsSince1970: try row(5))
            )
        }
        return services
    }
}
