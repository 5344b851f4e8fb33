import Foundation
import VNeIDTestSupport
import Testing
import VNeIDCore
import VNeIDSQLite

@Suite("SQLite store: accounts")
struct SQLiteAccountStoreTests {
    let directory: TemporaryDirectory
    let store: SQLiteStore

    init() throws {
        directory = try TemporaryDirectory()
        store = try SQLiteStore(path: directory.path + "/vneid.sqlite")
    }

    private func record(_ id: String, _ name: String, level: Int = 2, organization: String? = nil) throws -> AccountRecord {
        try AccountRecord(id: id, kind: nil, displayName: name, assuranceLevel: level, managingOrganizationID: organization)
    }

    @Test("import creates, then changes only what differs, and status versions follow")
    func upsert() async throws {
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

    @Test("a read never sees a status older than the last committed write, even while reads race writes")
    func cacheCoherence() async throws {
        let id = try AccountID(validating: "001099012345")
        _ = try await store.importAccounts([try record(id.rawValue, "Version 0")], at: Date())
        let store = self.store
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

    @Test("unknown ids have no account and no status")
    func unknown() async throws {
        let id = try AccountID(validating: "001099099999")
        #expect(try await store.account(id: id) == nil)
        #expect(try await store.accountStatus(id: id) == nil)
        #expect(try await store.accountStatuses(ids: [id]).isEmpty)
        #expect(try await store.registeredAccountIDs(among: [id]).isEmpty)
    }

    @Test("data survives closing and reopening the file")
    func reopen() async throws {
        let records = [try record("0101234567", "Công ty A")]
        _ = try await store.importAccounts(records, at: Date())
        try await store.close()
        let reopened = try SQLiteStore(path: directory.path + "/vneid.sqlite")
        #expect(try await reopened.account(id: records[0].id)?.record == records[0])
        try await reopened.close()
    }

    @Test("a checkpoint beside the writer copies the WAL into the file while writes go on")
    func checkpointBesideWriter() async throws {
        let records = try (0..<200).map { try record(String(format: "01%08d", 10_000_000 + $0), "Công ty \($0)") }
        _ = try await store.importAccounts(records, at: Date())
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { for _ in 0..<20 { try await store.checkpoint() } }
            group.addTask {
                for round in 0..<20 {
                    let changed = try records.prefix(10).map { try record($0.id.rawValue, "Đổi tên \(round)") }
                    _ = try await store.importAccounts(changed, at: Date())
                }
            }
            try await group.waitForAll()
        }
        try await store.checkpoint()
        let walSize = (try FileManager.default.attributesOfItem(atPath: directory.path + "/vneid.sqlite-wal")[.size] as? NSNumber)?.intValue
        #expect(walSize != nil)
        try await store.close()
        let reopened = try SQLiteStore(path: directory.path + "/vneid.sqlite")
        #expect(try await reopened.account(id: records[0].id)?.record.displayName == "Đổi tên 19")
        #expect(try await reopened.account(id: records[199].id)?.record.displayName == "Công ty 199")
        try await reopened.close()
    }
}
