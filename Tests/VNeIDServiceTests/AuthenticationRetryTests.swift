import Foundation
import GRDB
import Testing
import VNeIDCore
import VNeIDProto
import VNeIDService

@Suite("A failed Authenticate leaves the caller able to retry")
struct AuthenticationRetryTests {
    @Test("when the history write fails, the call is UNAVAILABLE and its retry with the same one-time token is judged afresh")
    func historyWriteFails() async throws {
        let stage = try await ServiceStage()
        let token = try stage.token()
        // Given: the history table refuses writes, as a full or failing disk would.
        let saboteur = try DatabaseQueue(path: stage.databasePath)
        try await saboteur.write { db in
            try db.execute(sql: "CREATE TRIGGER refuse_history BEFORE INSERT ON authentication_history BEGIN SELECT RAISE(ABORT, 'disk trouble'); END")
        }
        // When: the token is presented.
        do {
            _ = try await stage.authenticate(token)
            Issue.record("the call succeeded although its decision could not be recorded")
        } catch let error as VNeIDError {
            // Then: the caller is told to retry.
            #expect(error.code == .unavailable, "\(error)")
        }
        // When the disk is back, the retry is decided as the first presentation would have been.
        try await saboteur.write { db in try db.execute(sql: "DROP TRIGGER refuse_history") }
        let retried = try await stage.authenticate(token)
        #expect(retried.decision == .allow, "\(retried.detail)")
        // And the token is now spent for good.
        let replayed = try await stage.authenticate(token)
        #expect(replayed.decision == .deny && replayed.denyReason == .replayed)
    }
}
