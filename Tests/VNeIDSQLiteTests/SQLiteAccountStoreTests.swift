import Foundation
import VNeIDTestSupport
import Testing
import VNeIDCore
import VNeIDSQLite

@Suite("SQLite store: the file (the contract tests cover the rest)")
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
