import Foundation
import Testing
import VNeIDCore
import VNeIDSQLite
import VNeIDTestSupport

@Suite("SQLite store: services registry")
struct SQLiteServiceStoreTests {
    let directory: TemporaryDirectory
    let store: SQLiteStore
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    init() throws {
        directory = try TemporaryDirectory()
        store = try SQLiteStore(path: directory.path + "/vneid.sqlite")
    }

    static func service(_ name: String, audience: String = "https://portal.test", level: AssuranceLevel = .level2) -> RegisteredService {
        RegisteredService(name: ServiceName(trusted: name), audience: audience, minimumLevel: level, replayProtection: true, createdAt: now, updatedAt: now)
    }

    @Test("services are added once, read back, changed and listed by name")
    func lifecycle() async throws {
        try await store.addService(Self.service("tax-portal"), by: .system)
        try await store.addService(Self.service("border-portal"), by: .system)
        await #expect(throws: VNeIDError.alreadyExists("service border-portal is registered already; change it with 'vneidctl services update'")) {
            try await store.addService(Self.service("border-portal"), by: .system)
        }
        #expect(try await store.service(named: ServiceName(trusted: "border-portal")) == Self.service("border-portal"))
        var changed = Self.service("border-portal", audience: "https://new.test", level: .level1)
        changed.updatedAt = Self.now.addingTimeInterval(60)
        try await store.updateService(changed, by: .system)
        #expect(try await store.service(named: changed.name) == changed)
        #expect(try await store.services().map(\.name.rawValue) == ["border-portal", "tax-portal"])
        await #expect(throws: VNeIDError.self) { try await store.updateService(Self.service("nowhere"), by: .system) }

        let reopened = try SQLiteStore(path: directory.path + "/vneid.sqlite")
        #expect(try await reopened.service(named: changed.name) == changed)
    }

    @Test("principals may be bound only to registered services, which cannot be removed while bound")
    func bindings() async throws {
        let principal = Principal(id: "prn_1", name: "portal", roles: [.relyingService], services: [ServiceName(trusted: "border-portal")], createdAt: Self.now)
        let key = APIKeyCredential(info: APIKeyInfo(id: "k1", createdAt: Self.now), principalID: "prn_1", secretHash: Array(repeating: 1, count: 32))
        let unregistered = await #expect(throws: VNeIDError.self) { try await store.insertPrincipal(principal, firstKey: key, by: .system) }
        #expect(unregistered?.code == .failedPrecondition)
        #expect(try await store.principal(idOrName: "portal") == nil)

        try await store.addService(Self.service("border-portal"), by: .system)
        try await store.insertPrincipal(principal, firstKey: key, by: .system)
        let bound = await #expect(throws: VNeIDError.self) { try await store.removeService(named: ServiceName(trusted: "border-portal"), by: .system) }
        #expect(bound?.code == .failedPrecondition)
        #expect(bound?.message.contains("portal") == true)

        _ = try await store.revokePrincipal(id: "prn_1", at: Self.now, by: .system)
        try await store.removeService(named: ServiceName(trusted: "border-portal"), by: .system)
        #expect(try await store.services().isEmpty)
        let missing = await #expect(throws: VNeIDError.self) { try await store.removeService(named: ServiceName(trusted: "border-portal"), by: .system) }
        #expect(missing?.code == .notFound)
    }
}

@Suite("SQLite store: authentication history and spent tokens")
struct SQLiteAuthenticationHistoryTests {
    let directory: TemporaryDirectory
    let store: SQLiteStore
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let citizen = AccountID(trusted: "001099012345", kind: .citizen)

    init() throws {
        directory = try TemporaryDirectory()
        store = try SQLiteStore(path: directory.path + "/vneid.sqlite")
    }

    static func record(_ second: Int, _ outcome: AuthenticationRecord.Outcome, account: AccountID? = citizen) -> AuthenticationRecord {
        AuthenticationRecord(
            time: now.addingTimeInterval(Double(second)), accountID: account, service: ServiceName(trusted: "border-portal"),
            callerID: "prn_1", outcome: outcome, tokenID: "jti-\(second)", issuer: "https://id.test"
        )
    }

    @Test("decisions come back newest first, paged by sequence, per account")
    func paging() async throws {
        let records = (0..<25).map { Self.record($0, $0 % 5 == 0 ? .denied(.expired) : .allowed) }
        try await store.appendAuthentications(Array(records[0..<10]), spentTokens: [], now: Self.now)
        try await store.appendAuthentications(Array(records[10...]) + [Self.record(99, .denied(.badSignature), account: nil)], spentTokens: [], now: Self.now)
        let first = try await store.authentications(of: Self.citizen, before: nil, limit: 10)
        #expect(first.map(\.tokenID) == (15..<25).reversed().map { "jti-\($0)" })
        #expect(first.last?.outcome == .denied(.expired))
        let second = try await store.authentications(of: Self.citizen, before: first.last?.sequence, limit: 10)
        #expect(second.map(\.tokenID) == (5..<15).reversed().map { "jti-\($0)" })
        let third = try await store.authentications(of: Self.citizen, before: second.last?.sequence, limit: 10)
        #expect(third.count == 5)
        #expect(third.first?.time == Self.now.addingTimeInterval(4))
        #expect(try await store.authentications(of: AccountID(trusted: "001099099999", kind: .citizen), before: nil, limit: 10).isEmpty)
    }

    @Test("spent tokens are remembered until their time, then pruned")
    func spentTokens() async throws {
        let soon = SpentToken(issuer: "https://id.test", tokenID: "a", rememberUntil: Self.now.addingTimeInterval(10))
        let later = SpentToken(issuer: "https://id.test", tokenID: "b", rememberUntil: Self.now.addingTimeInterval(1000))
        try await store.appendAuthentications([Self.record(0, .allowed)], spentTokens: [soon, later], now: Self.now)
        #expect(Set(try await store.spentTokens(rememberedAt: Self.now)) == [soon, later])
        #expect(try await store.spentTokens(rememberedAt: Self.now.addingTimeInterval(100)) == [later])
        // A later write prunes what is past.
        let third = SpentToken(issuer: "https://id.test", tokenID: "c", rememberUntil: Self.now.addingTimeInterval(2000))
        try await store.appendAuthentications([Self.record(1, .allowed)], spentTokens: [third], now: Self.now.addingTimeInterval(100))
        #expect(Set(try await store.spentTokens(rememberedAt: Self.now)) == [later, third])
    }
}
