import Foundation
import Testing
import VNeIDClient

/// Clients that hold connections without using them, or use too many, cannot stop the
/// daemon serving others.
@Suite("Connection limits")
struct ConnectionLimitsTests {
    @Test("a client that connects and sends nothing is closed after the handshake time")
    func silentClient() async throws {
        let daemon = try await TestDaemon(arguments: ["--limit", "handshake-timeout=1"])
        let silent = try RawConnection(address: daemon.address)
        #expect(await silent.closedByPeer(within: .seconds(15)))
    }

    @Test("connections past the cap are closed at once, and the daemon serves again when the others go")
    func connectionCap() async throws {
        let daemon = try await TestDaemon(arguments: ["--limit", "max-connections=3"])
        var held: [RawConnection] = []
        for _ in 0..<3 {
            let connection = try RawConnection(address: daemon.address)
            try connection.send(RawConnection.http2Preface)
            held.append(connection)
        }
        // The daemon counts a connection when it accepts it: wait until a fourth is refused.
        // (A fourth that is not refused was accepted before the three were counted; it is
        // let go and another tried.)
        let deadline = ContinuousClock.now + .seconds(30)
        var refused = false
        while !refused, ContinuousClock.now < deadline {
            refused = await (try RawConnection(address: daemon.address)).closedByPeer(within: .seconds(8))
        }
        #expect(refused, "a fourth connection was not closed")
        held.removeAll()
        // Once they are gone, a client is served again.
        var status: ServingStatus?
        while status == nil, ContinuousClock.now < deadline + .seconds(30) {
            var configuration = try daemon.configuration(apiKey: nil)
            configuration.timeout = .seconds(2)
            status = try? await VNeIDClient.withConnection(configuration) { try await $0.health() }
        }
        #expect(status == .serving)
    }

    @Test("150 calls in flight on one connection all complete: the daemon advertises its stream limit and the client queues")
    func manyStreamsOnOneConnection() async throws {
        let daemon = try await TestDaemon()
        let auditor = try await daemon.createPrincipal("auditor", roles: [.auditor])
        let completed = try await daemon.withClient(apiKey: auditor) { client in
            try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<150 { group.addTask { try await client.whoAmI().name == "auditor" } }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
        }
        #expect(completed == 150)
    }

    @Test("1,000 idle connections cost the daemon a bounded amount of memory, and it goes on serving")
    func idleConnections() async throws {
        // A cap above the thousand, so that only memory is measured.
        let daemon = try await TestDaemon(arguments: ["--limit", "max-connections=2000"])
        #expect(try await daemon.withClient(apiKey: nil) { try await $0.health() } == .serving)
        let before = try daemon.residentBytes()
        var held: [RawConnection] = []
        for _ in 0..<1_000 {
            let connection = try RawConnection(address: daemon.address)
            try connection.send(RawConnection.http2Preface)
            held.append(connection)
        }
        #expect(try await daemon.withClient(apiKey: nil) { try await $0.health() } == .serving)
        let grown = try daemon.residentBytes() - before
        #expect(grown < 96 << 20, "1,000 idle connections grew the daemon by \(grown >> 20) MiB")
        held.removeAll()
    }
}
