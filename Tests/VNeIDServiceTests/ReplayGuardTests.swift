import Foundation
import Testing
import VNeIDCore
import VNeIDService

@Suite("Replay guard")
struct ReplayGuardTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func token(_ id: String, for seconds: TimeInterval) -> SpentToken {
        SpentToken(issuer: "https://id.test", tokenID: id, rememberUntil: now.addingTimeInterval(seconds))
    }

    @Test("a token is spent once, remembered until its time, then forgotten")
    func spendOnce() {
        let guardian = ReplayGuard()
        #expect(guardian.spend(Self.token("a", for: 60), at: Self.now))
        #expect(!guardian.spend(Self.token("a", for: 60), at: Self.now.addingTimeInterval(59)))
        #expect(!guardian.spend(Self.token("a", for: 60), at: Self.now.addingTimeInterval(60)))
        // The same jti of another issuer is another token.
        #expect(guardian.spend(SpentToken(issuer: "https://other.test", tokenID: "a", rememberUntil: Self.now.addingTimeInterval(60)), at: Self.now))
        #expect(guardian.spend(Self.token("a", for: 200), at: Self.now.addingTimeInterval(61)))
    }

    @Test("expired entries are dropped as time passes, also after a long idle period")
    func pruning() {
        let guardian = ReplayGuard(spent: (0..<1000).map { Self.token("old-\($0)", for: Double($0 % 100)) })
        #expect(guardian.count == 1000)
        #expect(guardian.spend(Self.token("new", for: 3600), at: Self.now.addingTimeInterval(50)))
        #expect(guardian.count < 1000 && guardian.count > 400)
        // Long after "new" expired: only the token just spent is left.
        #expect(guardian.spend(Self.token("later", for: 7200), at: Self.now.addingTimeInterval(5000)))
        #expect(guardian.count == 1)
        #expect(!guardian.spend(Self.token("later", for: 7200), at: Self.now.addingTimeInterval(5001)))
    }

    @Test("of many concurrent presentations of one token, exactly one passes")
    func concurrent() async {
        let guardian = ReplayGuard()
        let passed = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<64 { group.addTask { guardian.spend(Self.token("x", for: 60), at: Self.now) } }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(passed == 1)
    }
}
