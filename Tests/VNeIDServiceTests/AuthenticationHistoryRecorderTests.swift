import Foundation
import Logging
import Testing
import VNeIDCore
import VNeIDService
import VNeIDSQLite
import VNeIDTestSupport

@Suite("Authentication history recorder")
struct AuthenticationHistoryRecorderTests {
    static let citizen = AccountID(trusted: "001099012345", kind: .citizen)

    @Test("decisions recorded at once by many callers are each answered after their commit, none lost, and none taken after close")
    func concurrentRecords() async throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(path: directory.path + "/vneid.sqlite")
        let recorder = AuthenticationHistoryRecorder(store: store, logger: Logger(label: "vneid.test"))
        let running = Task { await recorder.run() }
        let now = Date()
        let count = 300
        let replays = try await withThrowingTaskGroup(of: Bool.self) { group in
            for number in 0 ..< count {
                group.addTask {
                    let record = AuthenticationRecord(
                        time: now, accountID: Self.citizen, service: ServiceName(trusted: "border-portal"),
                        callerID: "prn_1", outcome: .allowed, tokenID: "jti-\(number)", issuer: "https://id.test"
                    )
                    let replayed = try await recorder.record(record, spentToken: SpentToken(issuer: "https://id.test", tokenID: "jti-\(number)", rememberUntil: now.addingTimeInterval(600)))
                    // Answered only once durable: the record is there when the call returns.
                    let stored = try await store.authentications(of: Self.citizen, before: nil, limit: count)
                    #expect(stored.contains { $0.tokenID == "jti-\(number)" })
                    return replayed
                }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(replays.count == count && !replays.contains(true))
        recorder.close()
        await running.value
        let history = try await store.authentications(of: Self.citizen, before: nil, limit: count + 1)
        #expect(history.count == count)
        #expect(Set(history.map(\.sequence)) == Set(1 ... Int64(count)), "one gap-free numbering")
        #expect(try await store.spentTokens(rememberedAt: now).count == count)
        await #expect(throws: VNeIDError.self) {
            _ = try await recorder.record(history[0], spentToken: nil)
        }
    }
}
