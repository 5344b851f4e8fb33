import Foundation
import Testing
import VNeIDCore
import VNeIDTestSupport

@Suite("Store contract: services registry")
struct ServiceStoreContractTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func service(_ name: String, audience: String = "https://portal.test", level: AssuranceLevel = .level2) -> RegisteredService {
        RegisteredService(name: ServiceName(trusted: name), audience: audience, minimumLevel: level, replayProtection: true, createdAt: now, updatedAt: now)
    }

    @Test("services are added once, read back, changed and listed by name", arguments: StoreKind.allCases)
    func lifecycle(_ kind: StoreKind) async throws {
        let fixture = try await StoreFixture(kind)
        let store = fixture.store
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

        let reopened = try await fixture.reopened()
        #expect(try await reopened.service(named: changed.name) == changed)
    }

    @Test("principals may be bound only to registered services, which cannot be removed while bound", arguments: StoreKind.allCases)
    func bindings(_ kind: StoreKind) async throws {
        let fixture = try await StoreFixture(kind)
        let store = fixture.store
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
