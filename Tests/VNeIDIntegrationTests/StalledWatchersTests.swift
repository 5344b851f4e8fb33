import Foundation
import Testing
import VNeIDClient

/// Watchers that stop reading cannot make the daemon buffer without bound.
@Suite("Stalled watchers")
struct StalledWatchersTests {
    typealias Accounts = AuthenticationWorld.Accounts

    static let watchers = 50

    @Test("50 watches on a connection that never reads each end, reset at the buffer limit or ended at the stall timeout; memory stays bounded and other calls are served")
    func stalledWatchers() async throws {
        let world = try await AuthenticationWorld(daemonArguments: [
            "--limit", "max-buffered-bytes-per-stream=65536", "--limit", "watch-stall-timeout=5",
        ])
        let daemon = world.daemon
        // Given: a history of notices larger than a flow-control window (two per order).
        try await withThrowingTaskGroup(of: Void.self) { group in
            for account in [Accounts.loner, Accounts.driver] {
                group.addTask {
                    try await daemon.withClient(apiKey: world.commanderKey) { client in
                        for step in 0..<60 {
                            let grounds = OrderGrounds(ground: step % 2 == 0 ? .securityRisk : .riskResolved, text: String(repeating: "nội dung kiểm tra ", count: 20))
                            if step % 2 == 0 {
                                _ = try await client.suspendLogin(account, grounds: grounds, requestID: "\(account)-\(step)")
                            } else {
                                _ = try await client.restoreLogin(account, grounds: grounds, requestID: "\(account)-\(step)")
                            }
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        let before = try daemon.residentBytes()

        // When: one connection opens 50 notice watches from the start and never reads.
        let stalled = try RawConnection(address: daemon.address)
        try stalled.send(RawHTTP2Client.opening(calls: Self.watchers, path: "/vneid.v1.NoticeService/WatchNotices", message: [], apiKey: world.auditorKey))

        // Then: the daemon ends every one of them, serving health all along. Which of its
        // two bounds ends a watch depends on where its writes wait: in the stream's buffer
        // (reset past max-buffered-bytes-per-stream) or in the handler, held back by
        // HTTP/2 flow control (ended after watch-stall-timeout).
        let deadline = ContinuousClock.now + .seconds(60)
        var ended = 0
        while ended < Self.watchers, ContinuousClock.now < deadline {
            let stderr = daemon.stderr
            ended = stderr.components(separatedBy: "reset a stream whose reader stopped reading").count - 1
                + stderr.components(separatedBy: "ended a watch whose reader stopped reading").count - 1
            #expect(try await daemon.withClient(apiKey: nil) { try await $0.health() } == .serving)
        }
        #expect(ended == Self.watchers, "\(daemon.stderr.suffix(600))")
        // without holding on to what the watcher did not read,
        let grown = try daemon.residentBytes() - before
        #expect(grown < 64 << 20, "50 stalled watches grew the daemon by \(grown >> 20) MiB")
        // and other callers are served.
        #expect(try await daemon.withClient(apiKey: world.auditorKey) { try await $0.whoAmI().name } == "auditor")
    }
}
