import Foundation
import VNeIDTestSupport
import Testing
import VNeIDCore

@Suite("Store contract: principals and keys")
struct PrincipalStoreContractTests {

    private func principal(_ id: String, _ name: String) -> Principal {
        Principal(id: id, name: name, roles: [.auditor], services: [], createdAt: Date(timeIntervalSince1970: 1_800_000_000))
    }

    private func key(_ id: String, for principalID: String) -> APIKeyCredential {
        APIKeyCredential(info: APIKeyInfo(id: id, createdAt: Date(timeIntervalSince1970: 1_800_000_000)), principalID: principalID, secretHash: Array(repeating: 7, count: 32))
    }

    @Test("a principal is stored with its first key, and names are unique", arguments: StoreKind.allCases)
    func insert(_ kind: StoreKind) async throws {
        let fixture = try await StoreFixture(kind)
        let store = fixture.store
        #expect(try await store.hasPrincipals() == false)
        try await store.insertPrincipal(principal("prn_1", "auditor-1"), firstKey: key("k1", for: "prn_1"), by: .system)
        #expect(try await store.hasPrincipals())
        let error = await #expect(throws: VNeIDError.self) {
            try await store.insertPrincipal(principal("prn_2", "auditor-1"), firstKey: key("k2", for: "prn_2"), by: .system)
        }
        #expect(error?.code == .alreadyExists)
        let found = try #require(try await store.principal(idOrName: "auditor-1"))
        #expect(found.id == "prn_1")
        #expect(found.apiKeys.map(\.id) == ["k1"])
        let credential = try #require(try await store.credential(apiKeyID: "k1"))
        #expect(credential.key.secretHash == Array(repeating: 7, count: 32))
        #expect(credential.principal.name == "auditor-1")
    }

    @Test("revoking a principal revokes its keys; revoking twice is a failed precondition", arguments: StoreKind.allCases)
    func revoke(_ kind: StoreKind) async throws {
        let fixture = try await StoreFixture(kind)
        let store = fixture.store
        try await store.insertPrincipal(principal("prn_1", "auditor-1"), firstKey: key("k1", for: "prn_1"), by: .system)
        try await store.insertAPIKey(key("k2", for: "prn_1"), by: .system)
        let revoked = try await store.revokePrincipal(id: "prn_1", at: Date(), by: .system)
        #expect(!revoked.isActive)
        #expect(revoked.apiKeys.allSatisfy { $0.revokedAt != nil })
        #expect(try await store.principals(includeRevoked: false).isEmpty)
        #expect(try await store.principals(includeRevoked: true).count == 1)
        let again = await #expect(throws: VNeIDError.self) { try await store.revokePrincipal(id: "prn_1", at: Date(), by: .system) }
        #expect(again?.code == .failedPrecondition)
        let newKey = await #expect(throws: VNeIDError.self) { try await store.insertAPIKey(key("k3", for: "prn_1"), by: .system) }
        #expect(newKey?.code == .failedPrecondition)
    }

    @Test("revoking one key leaves the others", arguments: StoreKind.allCases)
    func revokeKey(_ kind: StoreKind) async throws {
        let fixture = try await StoreFixture(kind)
        let store = fixture.store
        try await store.insertPrincipal(principal("prn_1", "auditor-1"), firstKey: key("k1", for: "prn_1"), by: .system)
        try await store.insertAPIKey(key("k2", for: "prn_1"), by: .system)
        #expect(try await store.revokeAPIKey(id: "k1", at: Date(), by: .system).revokedAt != nil)
        #expect(try await store.credential(apiKeyID: "k2")?.key.info.revokedAt == nil)
        let unknown = await #expect(throws: VNeIDError.self) { try await store.revokeAPIKey(id: "nope", at: Date(), by: .system) }
        #expect(unknown?.code == .notFound)
    }
}
