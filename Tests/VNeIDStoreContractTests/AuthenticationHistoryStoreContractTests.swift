import Foundation
import Testing
import VNeIDCore
import VNeIDTestSupport

@Suite("Store contract: authentication history and spent tokens")
struct AuthenticationHistoryStoreContractTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let citizen = AccountID(trusted: "001099012345", kind: .citizen)

    static func record(_ second: Int, _ outcome: AuthenticationRecord.Outcome, account: AccountID? = citizen) -> AuthenticationRecord {
        AuthenticationRecord(
            time: now.addingTimeInterval(Double(second)), accountID: account, service: ServiceName(trusted: "border-portal"),
            callerID: "prn_1", outcome: outcome, tokenID: "jti-\(second)", issuer: "https://id.test"
        )
    }

    @Test("decisions come back newest first, paged by sequence, per account", arguments: StoreKind.allCases)
    func paging(_ kind: StoreKind) async throws {
        let fixture = try await StoreFixture(kind)
        let store = fixture.store
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

    @Test("spent tokens are remembered until their time, and not given back after it", arguments: StoreKind.allCases)
    func spentTokens(_ kind: StoreKind) async throws {
        let fixture = try await StoreFixture(kind)
        let store = fixture.store
        let soon = SpentToken(issuer: "https://id.test", tokenID: "a", rememberUntil: Self.now.addingTimeInterval(10))
        let later = SpentToken(issuer: "https://id.test", tokenID: "b", rememberUntil: Self.now.addingTimeInterval(1000))
        try await store.appendAuthentications([Self.record(0, .allowed)], spentTokens: [soon, later], now: Self.now)
        #expect(Set(try await store.spentTokens(rememberedAt: Self.now)) == [soon, later])
        #expect(try await store.spentTokens(rememberedAt: Self.now.addingTimeInterval(100)) == [later])
        // A later write may prune what is past (SQLite does in every write, PostgreSQL at
        // most every ten seconds); what is past is never given back either way.
        let third = SpentToken(issuer: "https://id.test", tokenID: "c", rememberUntil: Self.now.addingTimeInterval(2000))
        try await store.appendAuthentications([Self.record(1, .allowed)], spentTokens: [third], now: Self.now.addingTimeInterval(100))
        #expect(Set(try await store.spentTokens(rememberedAt: Self.now.addingTimeInterval(100))) == [later, third])
        #expect(Set(try await store.spentTokens(rememberedAt: Self.now)).isSuperset(of: [later, third]))
    }

    @Test("a one-time token spent through two stores on the same data at once is allowed at most once; the other decision is written as a replay", arguments: StoreKind.allCases)
    func spentOnce(_ kind: StoreKind) async throws {
        let fixture = try await StoreFixture(kind)
        let first = fixture.store
        let second = try await fixture.reopened()
        let token = SpentToken(issuer: "https://id.test", tokenID: "jti-7", rememberUntil: Self.now.addingTimeInterval(600))
        async let one = first.appendAuthentications([Self.record(7, .allowed)], spentTokens: [token], now: Self.now)
        async let two = second.appendAuthentications([Self.record(7, .allowed)], spentTokens: [token], now: Self.now)
        let outcomes = try await [one, two]
        #expect(outcomes.filter(\.isEmpty).count == 1, "exactly one store stored the token first")
        #expect(outcomes.filter { $0 == [token.identity] }.count == 1, "the other found it spent")
        let history = try await first.authentications(of: Self.citizen, before: nil, limit: 10)
        #expect(Set(history.map(\.outcome)) == [.allowed, .denied(.replayed)], "one allowed, one written as a replay")
    }

    @Test("in a batch whose tokens were partly spent already, only the decisions that spent those become replays, numbered in the batch's order", arguments: StoreKind.allCases)
    func partlySpentBatch(_ kind: StoreKind) async throws {
        let fixture = try await StoreFixture(kind)
        let store = fixture.store
        let remember = Self.now.addingTimeInterval(600)
        func token(_ second: Int) -> SpentToken { SpentToken(issuer: "https://id.test", tokenID: "jti-\(second)", rememberUntil: remember) }
        try await store.appendAuthentications([Self.record(1, .allowed)], spentTokens: [token(1)], now: Self.now)
        var tokenless = Self.record(5, .denied(.malformedToken))
        tokenless.tokenID = nil
        tokenless.issuer = nil
        let batch = [
            Self.record(2, .allowed), Self.record(1, .allowed), Self.record(3, .denied(.expired)),
            tokenless, Self.record(4, .allowed), Self.record(6, .denied(.expired), account: nil),
        ]
        let spentElsewhere = try await store.appendAuthentications(batch, spentTokens: [token(2), token(1), token(4)], now: Self.now)
        #expect(spentElsewhere == [token(1).identity])
        let history = try await store.authentications(of: Self.citizen, before: nil, limit: 10).reversed()
        #expect(history.map(\.outcome) == [.allowed, .allowed, .denied(.replayed), .denied(.expired), .denied(.malformedToken), .allowed])
        #expect(history.map(\.tokenID) == ["jti-1", "jti-2", "jti-1", "jti-3", nil, "jti-4"])
        let sequences = history.map(\.sequence)
        #expect(zip(sequences, sequences.dropFirst()).allSatisfy { $0 + 1 == $1 }, "the batch's records are numbered one after the other: \(sequences)")
        #expect(Set(try await store.spentTokens(rememberedAt: Self.now)) == [token(1), token(2), token(4)])
    }

    @Test("pruning deletes the oldest decisions past the cutoff and expired tokens, a bounded batch at a time, and never the newest decision", arguments: StoreKind.allCases)
    func pruning(_ kind: StoreKind) async throws {
        let fixture = try await StoreFixture(kind)
        let store = fixture.store
        // Seconds 0..<25 old, 100..<105 recent; tokens expiring at +50 and +500.
        let old = (0..<25).map { Self.record($0, .allowed) }
        let recent = (100..<105).map { Self.record($0, .allowed) }
        let expiring = SpentToken(issuer: "https://id.test", tokenID: "jti-0", rememberUntil: Self.now.addingTimeInterval(50))
        let kept = SpentToken(issuer: "https://id.test", tokenID: "jti-100", rememberUntil: Self.now.addingTimeInterval(500))
        try await store.appendAuthentications(old, spentTokens: [expiring], now: Self.now)
        try await store.appendAuthentications(recent, spentTokens: [kept], now: Self.now)
        let cutoff = Self.now.addingTimeInterval(50)
        let later = Self.now.addingTimeInterval(100)

        let first = try await store.pruneHistory(decidedBefore: cutoff, now: later, limit: 10)
        #expect(first == PrunedHistory(decisions: 10, spentTokens: 1), "one batch deletes at most the limit")
        var left = try await store.authentications(of: Self.citizen, before: nil, limit: 100)
        #expect(left.count == 20)
        #expect(left.last?.tokenID == "jti-10", "the oldest went first")
        #expect(try await store.pruneHistory(decidedBefore: cutoff, now: later, limit: 10) == PrunedHistory(decisions: 10, spentTokens: 0))
        #expect(try await store.pruneHistory(decidedBefore: cutoff, now: later, limit: 10) == PrunedHistory(decisions: 5, spentTokens: 0))
        #expect(try await store.pruneHistory(decidedBefore: cutoff, now: later, limit: 10) == PrunedHistory(decisions: 0, spentTokens: 0))
        left = try await store.authentications(of: Self.citizen, before: nil, limit: 100)
        #expect(left.map(\.tokenID) == (100..<105).reversed().map { "jti-\($0)" }, "decisions after the cutoff stay")
        #expect(try await store.spentTokens(rememberedAt: Self.now) == [kept])

        // A cutoff past every decision keeps the newest, so sequences never start over.
        let newest = left.first?.sequence
        _ = try await store.pruneHistory(decidedBefore: Self.now.addingTimeInterval(1_000), now: later, limit: 10)
        left = try await store.authentications(of: Self.citizen, before: nil, limit: 100)
        #expect(left.map(\.sequence) == [newest].compactMap { $0 })
        try await store.appendAuthentications([Self.record(200, .allowed)], spentTokens: [], now: Self.now)
        let next = try await store.authentications(of: Self.citizen, before: nil, limit: 1).first?.sequence
        #expect(next.map { $0 > (newest ?? .max) } == true, "the next decision is numbered after the kept one")

        // Without a retention (nil), only expired tokens go.
        #expect(try await store.pruneHistory(decidedBefore: nil, now: Self.now.addingTimeInterval(1_000), limit: 10) == PrunedHistory(decisions: 0, spentTokens: 1))
    }
}
