import Foundation
import Testing
import VNeIDCore
import VNeIDTestSupport

/// The guarantees of `OrderStore` and `OrderTransaction` that callers rely on: a request id
/// executes once however its retries race, status changes are numbered without gaps in
/// commit order, a committed status is what the next read sees, and the audit log stays
/// one chain that verifies.
@Suite("Store contract: orders, the status feed and the audit chain")
struct OrderStoreContractTests {
    static let registry = OrderActor(principalID: "prn_registry", name: "registry", role: .registry)

    /// `count` citizens, imported into `store`.
    static func citizens(_ count: Int, in store: any VNeIDStore) async throws -> [AccountID] {
        let records = try (0..<count).map {
            try AccountRecord(id: String(format: "0010990%05d", $0), kind: nil, displayName: "Công dân \($0)", assuranceLevel: 2, managingOrganizationID: nil)
        }
        _ = try await store.importAccounts(records, at: Date())
        return records.map(\.id)
    }

    /// A registry lock of `account` for a terms violation, as the service layer builds it.
    static func lock(_ account: AccountID, requestID: String, fingerprint: [UInt8] = [1]) -> OrderCommand {
        let now = Date()
        return OrderCommand(
            action: .lock(account, OrderGrounds(ground: .termsViolation, text: "điều 5 khoản 2", documentReference: "số 1/2026")),
            actor: registry, requestID: requestID, fingerprint: fingerprint, at: now,
            newOrderID: RandomIdentifier.make("ord_"), reviewDeadline: now.addingTimeInterval(86_400),
            workingDayNoticeDue: now.addingTimeInterval(86_400)
        )
    }

    @Test("a request id retried by 8 racing calls executes once, and names the first order to every call; a different request under it is refused", arguments: StoreKind.allCases)
    func requestIDExecutesOnce(_ kind: StoreKind) async throws {
        let fixture = try await StoreFixture(kind)
        let store = fixture.store
        let account = try #require(try await Self.citizens(1, in: store).first)
        let executions = try await withThrowingTaskGroup(of: OrderExecution.self) { group in
            for _ in 0..<8 { group.addTask { try await store.execute(Self.lock(account, requestID: "r-1")) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(executions.filter { !$0.replayed }.count == 1)
        #expect(Set(executions.map(\.order.id)).count == 1)
        #expect(try await store.statusChanges(after: 0, limit: 100).count == 1)
        #expect(try await store.accountSnapshot(id: account)?.status.locks.count == 1)
        let other = await #expect(throws: VNeIDError.self) {
            try await store.execute(Self.lock(account, requestID: "r-1", fingerprint: [2]))
        }
        #expect(other?.code == .alreadyExists)
    }

    @Test("orders racing on 16 accounts: each status is read back at once, and the status feed is numbered 1…16 without gaps, resumable from any point", arguments: StoreKind.allCases)
    func statusFeedInCommitOrder(_ kind: StoreKind) async throws {
        let fixture = try await StoreFixture(kind)
        let store = fixture.store
        let accounts = try await Self.citizens(16, in: store)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, account) in accounts.enumerated() {
                group.addTask {
                    let execution = try await store.execute(Self.lock(account, requestID: "r-\(index)"))
                    let status = try #require(try await store.accountSnapshot(id: account)?.status)
                    #expect(status.primaryLock?.orderID == execution.order.id, "a committed lock is what the next read sees")
                }
            }
            try await group.waitForAll()
        }
        let feed = try await store.statusChanges(after: 0, limit: 100)
        #expect(feed.map(\.sequence) == Array(1...16))
        #expect(Set(feed.map(\.status.accountID)) == Set(accounts))
        #expect(try await store.statusChanges(after: 9, limit: 100).map(\.sequence) == Array(10...16))
        #expect(try await store.statusChanges(after: 16, limit: 100).isEmpty)
    }

    @Test("writes of every kind racing one another leave one audit chain that verifies, with every record bound", arguments: StoreKind.allCases)
    func oneAuditChain(_ kind: StoreKind) async throws {
        let fixture = try await StoreFixture(kind)
        let store = fixture.store
        let accounts = try await Self.citizens(8, in: store)
        let now = Date()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, account) in accounts.enumerated() {
                group.addTask { _ = try await store.execute(Self.lock(account, requestID: "r-\(index)")) }
                group.addTask {
                    let service = RegisteredService(
                        name: ServiceName(trusted: "portal-\(index)"), audience: "https://portal-\(index).test",
                        minimumLevel: .level2, replayProtection: true, createdAt: now, updatedAt: now
                    )
                    try await store.addService(service, by: .system)
                }
                group.addTask {
                    let principal = Principal(id: "prn_\(index)", name: "auditor-\(index)", roles: [.auditor], services: [], createdAt: now)
                    let key = APIKeyCredential(info: APIKeyInfo(id: "key_\(index)", createdAt: now), principalID: principal.id, secretHash: Array(repeating: UInt8(index), count: 32))
                    try await store.insertPrincipal(principal, firstKey: key, by: .system)
                }
            }
            try await group.waitForAll()
        }
        let verification = try await store.verifyAuditLog(AuditLogVerification())
        #expect(verification.intact, "\(String(describing: verification.chainBreak)) \(verification.recordProblems)")
        #expect(verification.lastSequence == 24)
        #expect(verification.recordsChecked >= 24)
        #expect(try await store.latestAuditEntry()?.sequence == 24)
    }
}
