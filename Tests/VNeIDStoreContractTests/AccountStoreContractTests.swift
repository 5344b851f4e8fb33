import Foundation
import VNeIDTestSupport
import Testing
import VNeIDCore
import VNeIDPostgres

@Suite("Store contract: accounts")
struct AccountStoreContractTests {

    private func record(_ id: String, _ name: String, level: Int = 2, organization: String? = nil) throws -> AccountRecord {
        try AccountRecord(id: id, kind: nil, displayName: name, assuranceLevel: level, managingOrganizationID: organization)
    }

    @Test("import creates, then changes only what differs, and status versions follow", arguments: StoreKind.allCases)
    func upsert(_ kind: StoreKind) async throws {
        let fixture = try await StoreFixture(kind)
        let store = fixture.store
        let first = Date(timeIntervalSince1970: 1_800_000_000)
        let records = [try record("0101234567", "Công ty A"), try record("001099012345", "Nguyễn Văn A", organization: "0101234567")]
        #expect(try await store.importAccounts(records, at: first) == AccountImportCounts(created: 2))

        let again = try await store.importAccounts(records, at: first.addingTimeInterval(60))
        #expect(again == AccountImportCounts(unchanged: 2))
        #expect(try await store.accountStatus(id: records[1].id)?.statusVersion == 1)

        let renamed = [try record("001099012345", "Nguyễn Văn Á", organization: "0101234567")]
        #expect(try await store.importAccounts(renamed, at: first.addingTimeInterval(120)) == AccountImportCounts(updated: 1))
        let status = try #require(try await store.accountStatus(id: renamed[0].id))
        #expect(status.statusVersion == 2)
        #expect(status.state == .active)
        #expect(status.suspensions.isEmpty)
        let account = try #require(try await store.account(id: renamed[0].id))
        #expect(account.record == renamed[0])
        #expect(account.createdAt == first)
        #expect(account.updatedAt == first.addingTimeInterval(120))
    }

    @Test("names with backslashes (COPY's escape) and quotes come back as imported; on a shared store, a change through another store on the same data is seen there", arguments: StoreKind.allCases)
    func awkwardNamesAndOtherStores(_ kind: StoreKind) async throws {
        let fixture = try await StoreFixture(kind)
        let other = try await fixture.reopened()
        let first = Date(timeIntervalSince1970: 1_800_000_000)
        let awkward = try record("001099012399", "Lê Văn B \\N \\t \\ 'C' \"D\"")
        #expect(try await fixture.store.importAccounts([awkward], at: first) == AccountImportCounts(created: 1))
        #expect(try await fixture.store.account(id: awkward.id)?.record == awkward)
        #expect(try await other.account(id: awkward.id)?.record == awkward, "read (and cached) by the other store")
        // One process per SQLite file: only a shared store follows another's writes.
        guard kind.isShared else { return }
        let renamed = try record("001099012399", "Lê Văn B")
        #expect(try await fixture.store.importAccounts([renamed], at: first.addingTimeInterval(1)) == AccountImportCounts(updated: 1))
        // The other store sees it once its change feed has read past the write (one poll).
        let postgres = try #require(other as? PostgresStore)
        #expect(await postgres.changeFeedCaughtUp(within: .seconds(5)), "the feed reads")
        #expect(try await other.account(id: awkward.id)?.record == renamed)
    }

    @Test("a read never sees a status older than the last committed write, even while reads race writes", arguments: StoreKind.allCases)
    func cacheCoherence(_ kind: StoreKind) async throws {
        let fixture = try await StoreFixture(kind)
        let store = fixture.store
        let id = try AccountID(validating: "001099012345")
        _ = try await store.importAccounts([try record(id.rawValue, "Version 0")], at: Date())

        for round in 1...30 {
            let renamed = try record(id.rawValue, "Version \(round)")
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<8 {
                    group.addTask { for _ in 0..<20 { _ = try await store.accountStatus(id: id) } }
                }
                group.addTask { _ = try await store.importAccounts([renamed], at: Date()) }
                try await group.waitForAll()
            }
            #expect(try await store.accountStatus(id: id)?.statusVersion == UInt64(round + 1))
            #expect(try await store.accountStatuses(ids: [id])[id]?.statusVersion == UInt64(round + 1))
        }
    }

    @Test("unknown ids have no account and no status", arguments: StoreKind.allCases)
    func unknown(_ kind: StoreKind) async throws {
        let fixture = try await StoreFixture(kind)
        let store = fixture.store
        let id = try AccountID(validating: "001099099999")
        #expect(try await store.account(id: id) == nil)
        #expect(try await store.accountStatus(id: id) == nil)
        #expect(try await store.accountStatuses(ids: [id]).isEmpty)
        #expect(try await store.registeredAccountIDs(among: [id]).isEmpty)
    }
}
