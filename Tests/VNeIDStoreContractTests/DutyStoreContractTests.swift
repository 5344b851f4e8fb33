import Foundation
import Testing
import VNeIDCore

@Suite("Store contract: duties done once for every daemon sharing the store")
struct DutyStoreContractTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test("of 8 claims racing through two stores on the same data, one wins the round; the next round, an interval later, reads its note", arguments: StoreKind.allCases)
    func oneClaimPerRound(_ kind: StoreKind) async throws {
        let fixture = try await StoreFixture(kind)
        let stores = [fixture.store, try await fixture.reopened()]
        let claims = try await withThrowingTaskGroup(of: DutyClaim?.self) { group in
            for index in 0..<8 {
                group.addTask { try await stores[index % 2].claimDuty("watch", interval: .seconds(5), at: Self.now) }
            }
            return try await group.reduce(into: [DutyClaim?]()) { $0.append($1) }
        }
        #expect(claims.compactMap { $0 } == [DutyClaim(previousNote: nil)], "exactly one claim wins the first round")
        try await stores[0].noteDuty("watch", "3 1")
        #expect(try await stores[1].claimDuty("watch", interval: .seconds(5), at: Self.now.addingTimeInterval(4.9)) == nil, "too early")
        #expect(try await stores[1].claimDuty("watch", interval: .seconds(5), at: Self.now.addingTimeInterval(5)) == DutyClaim(previousNote: "3 1"))
        #expect(try await stores[0].claimDuty("other", interval: .seconds(5), at: Self.now) == DutyClaim(previousNote: nil), "duties are separate")
    }
}
