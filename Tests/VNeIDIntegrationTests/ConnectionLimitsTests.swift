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
        // Four connections, each sending the preface (so that only the cap can close one).
        // The daemon's event loops may set them up in another order than they connected,
        // so any one of the four may be the one refused.
        var held: [RawConnection] = []
        for _ in 0..<4 {
            let connection = try RawConnection(address: daemon.address)
            try connection.send(RawConnection.http2Preface)
            held.append(connection)
        }
        let deadline = ContinuousClock.now + .seconds(60)
        var closed = 0
        while closed == 0, ContinuousClock.now < deadline {
            for connection in held where await connection.closedByPeer(within: .milliseconds(500)) { closed += 1 }
        }
        #expect(closed == 1, "\(closed) of four connections were closed with a cap of three")
        held.removeAll()
        // Once they are gone, a client is served again.
        var status: ServingStatus?
        while status == nil, ContinuousClock.now < deadline + .seconds(60) {
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
