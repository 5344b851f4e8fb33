import Foundation
import SwiftProtobuf
import Testing
import VNeIDClient
import VNeIDProto
import VNeIDService
import VNeIDTestSupport

@Suite("The frames protocol: the same API, keys, policy and errors as gRPC, and every bad input answered precisely")
struct FramesProtocolTests {
    typealias Accounts = AuthenticationWorld.Accounts

    @Test("unary calls answer as gRPC does: the same response, the same code and message for a refusal")
    func unaryLikeGRPC() async throws {
        let world = try await AuthenticationWorld()
        let frames = try await FramesTestClient(world.daemon)
        let whoAmI = try await frames.call("vneid.v1.PrincipalService/WhoAmI", apiKey: world.auditorKey, request: Vneid_V1_WhoAmIRequest(), as: Vneid_V1_Principal.self)
        #expect(whoAmI.status.code == 0)
        #expect(whoAmI.response?.name == "auditor")

        let status = try await frames.call(
            "vneid.v1.AccountService/GetAccountStatus", apiKey: world.portalKey,
            request: Vneid_V1_GetAccountStatusRequest.with { $0.accountID = Accounts.deceased }, as: Vneid_V1_AccountStatus.self, id: 2
        )
        let overGRPC = try await world.daemon.withClient(apiKey: world.portalKey) { try await $0.accountStatus(id: Accounts.deceased) }
        #expect(status.response.map { try? AccountStatus(proto: $0) } == overGRPC, "the same status as gRPC gives")

        // The same refusals, word for word.
        for (key, request) in [("vneid_0000000000000000_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", Accounts.driver), (world.portalKey, "12345")] {
            let refused = try await frames.call(
                "vneid.v1.AccountService/GetAccountStatus", apiKey: key,
                request: Vneid_V1_GetAccountStatusRequest.with { $0.accountID = request }, as: Vneid_V1_AccountStatus.self, id: 3
            )
            var grpcError: VNeIDClientError?
            do { _ = try await world.daemon.withClient(apiKey: key) { try await $0.accountStatus(id: request) } } catch let error as VNeIDClientError { grpcError = error }
            let grpcCode = try #require(grpcError).code
            #expect(refused.status.code == UInt32(Self.grpcNumbers.firstIndex(of: grpcCode)! + 1), "\(grpcCode)")
            #expect(refused.status.message == grpcError?.message)
        }
        // A batch over the limit is refused as over gRPC.
        let batch = try await frames.call(
            "vneid.v1.AccountService/BatchGetAccountStatus", apiKey: world.portalKey,
            request: Vneid_V1_BatchGetAccountStatusRequest.with { $0.accountIds = Array(repeating: Accounts.driver, count: 5_000) },
            as: Vneid_V1_BatchGetAccountStatusResponse.self, id: 4
        )
        #expect(batch.status.code == 3, "\(batch.status.message)")
    }

    @Test("each role may call exactly what the access policy grants it, over frames too; gRPC-only and unknown methods are UNIMPLEMENTED")
    func roleMatrix() async throws {
        let daemon = try await TestDaemon()
        let keys = try await daemon.principalsOfEveryRole()
        #expect(Set(keys.keys) == Set(Role.allCases))
        let methods = UnaryMethod.all.map(\.name) + StreamingMethod.all.map(\.name)
        #expect(Set(methods + StreamingMethod.grpcOnly) == Set(AccessPolicy.standard.rules.keys), "frames serves every method but the gRPC-only ones")
        let frames = try await FramesTestClient(daemon)
        var id: UInt64 = 0
        for (role, key) in keys.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            for method in methods {
                id += 1
                // A short deadline ends the watches a role may open.
                try frames.open(id, method, apiKey: key, request: Google_Protobuf_Empty(), timeoutMs: 300)
                let status = try await Self.status(of: id, on: frames)
                let refusedByPolicy = status.code == 7 && status.message.contains("may not call \(method)")
                if case .roles(let allowed) = AccessPolicy.standard.rules[method], !allowed.contains(role) {
                    #expect(refusedByPolicy, "\(role) must be denied \(method), got \(status.code) \(status.message)")
                } else {
                    #expect(!refusedByPolicy && status.code != 16, "\(role) must be allowed \(method): \(status.code) \(status.message)")
                }
            }
        }
        for method in StreamingMethod.grpcOnly.sorted() + ["vneid.v1.AccountService/Nope", ""] {
            id += 1
            try frames.open(id, method, apiKey: keys[.admin]!, request: Google_Protobuf_Empty())
            let status = try await Self.status(of: id, on: frames)
            #expect(status.code == 12, "\(method): \(status.message)")
            #expect(status.message.contains(method.isEmpty ? "names no method" : method))
        }
    }

    @Test("a watch streams changes, resumes after a sequence, is cancelled on request and ends at its deadline; answers come in any order")
    func watches() async throws {
        let world = try await OfficialsWorld()
        let frames = try await FramesTestClient(world.daemon)
        try frames.open(1, "vneid.v1.AccountService/WatchStatusChanges", apiKey: world.auditor, request: Vneid_V1_WatchStatusChangesRequest.with { $0.afterSequence = 1 })
        var sequences: [UInt64] = []
        while sequences.count < AuthenticationWorld.statusChangesAtSetUp - 1, let frame = try await frames.receive() {
            guard frame.callID == 1, case .message(let bytes)? = frame.body else { continue }
            sequences.append(try Vneid_V1_StatusChange(serializedBytes: Array(bytes)).sequence)
        }
        #expect(sequences == Array(2...UInt64(AuthenticationWorld.statusChangesAtSetUp)), "resumed after sequence 1")

        // A unary call opened after the watch ends first.
        _ = try await frames.call("vneid.v1.PrincipalService/WhoAmI", apiKey: world.auditor, request: Vneid_V1_WhoAmIRequest(), as: Vneid_V1_Principal.self, id: 2)
        let lock = try await world.with(world.registry) { try await $0.lockAccount(Accounts.loner, grounds: OrderGrounds(ground: .termsViolation, text: "vi phạm điều khoản sử dụng"), requestID: "f1") }
        var live: Vneid_V1_StatusChange?
        while live == nil, let frame = try await frames.receive() {
            if frame.callID == 1, case .message(let bytes)? = frame.body { live = try Vneid_V1_StatusChange(serializedBytes: Array(bytes)) }
        }
        #expect(live?.orderID == lock.order.id, "a change committed now arrives live")

        try frames.send(.with { $0.callID = 1; $0.cancel = Vneid_V1_CallCancel() })
        let cancelled = try await Self.status(of: 1, on: frames)
        #expect(cancelled.code == 1)
        try frames.send(.with { $0.callID = 99; $0.cancel = Vneid_V1_CallCancel() })  // not in flight: ignored

        try frames.open(3, "vneid.v1.NoticeService/WatchNotices", apiKey: world.auditor, request: Vneid_V1_WatchNoticesRequest(), timeoutMs: 500)
        let expired = try await Self.status(of: 3, on: frames)
        #expect(expired.code == 4, "\(expired.message)")
        try frames.send(.with { $0.ping = .with { $0.data = 7 } })
        var pong: UInt64?
        while pong == nil, let frame = try await frames.receive() { if case .pong(let answer)? = frame.body { pong = answer.data } }
        #expect(pong == 7)
    }

    @Test("garbage, a wrong version, an oversized or empty frame, a reused call id, a client's status frame, too many calls and a silent client are each answered precisely; the daemon keeps serving")
    func badInput() async throws {
        let daemon = try await TestDaemon(arguments: ["--limit", "max-streams-per-connection=2", "--limit", "handshake-timeout=1", "--limit", "max-message-bytes=4096"])
        let admin = try daemon.adminKey

        // Not our protocol at all: the daemon's preface, then goaway naming what it expected.
        let garbage = try await FramesTestClient(daemon, handshake: false)
        try garbage.connection.send(Array("GET / HTTP/1.1\r\n\r\n".utf8))
        #expect(await garbage.connection.read(exactly: 8, within: .seconds(5)) == Array("VNEIDF".utf8) + [1, 0])
        let refusal = try await garbage.receive()
        #expect(refusal?.goaway.code == 3)
        #expect(refusal?.goaway.message.contains("not a VNeID frames connection") == true)
        #expect(await garbage.connection.closedByPeer(within: .seconds(5)))

        let wrongVersion = try await FramesTestClient(daemon, handshake: false)
        try wrongVersion.connection.send(Array("VNEIDF".utf8) + [2, 0])
        #expect(await wrongVersion.connection.read(exactly: 8, within: .seconds(5)) != nil)
        #expect(try await wrongVersion.receive()?.goaway.message.contains("version 1.x, not 2.0") == true)

        let expectations: [(String, [UInt8], UInt32, String)] = [
            ("oversized", FramesTestClient.length(1 << 30), 8, "exceeds this daemon's limit"),
            ("empty", FramesTestClient.length(0), 3, "an empty frame"),
            ("not a Frame", FramesTestClient.length(3) + [0xFF, 0xFF, 0xFF], 3, "not a valid vneid.v1.Frame"),
            ("a status from the client", try Self.encoded(.with { $0.callID = 1; $0.status = Vneid_V1_CallStatus() }), 3, "may not send status"),
            ("call id 0", try Self.encoded(.with { $0.call = .with { $0.method = "vneid.v1.PrincipalService/WhoAmI" } }), 3, "non-zero call_id"),
        ]
        for (label, bytes, code, text) in expectations {
            let client = try await FramesTestClient(daemon)
            try client.connection.send(bytes)
            let goaway = try await client.receive()?.goaway
            #expect(goaway?.code == code, "\(label)")
            #expect(goaway?.message.contains(text) == true, "\(label): \(goaway?.message ?? "nothing")")
            #expect(await client.connection.closedByPeer(within: .seconds(5)), "\(label)")
        }

        // A second call with an id in flight ends the connection; the first call is cancelled.
        let reused = try await FramesTestClient(daemon)
        let auditor = try await daemon.createPrincipal("auditor", roles: [.auditor])
        try reused.open(5, "vneid.v1.AccountService/WatchStatusChanges", apiKey: auditor, request: Vneid_V1_WatchStatusChangesRequest())
        try reused.open(5, "vneid.v1.PrincipalService/WhoAmI", apiKey: admin, request: Vneid_V1_WhoAmIRequest())
        var sawGoaway = false
        while !sawGoaway, let frame = try await reused.receive() {
            if case .goaway(let goaway)? = frame.body { sawGoaway = goaway.message.contains("call id 5 is already in flight") }
        }
        #expect(sawGoaway)
        #expect(await reused.connection.closedByPeer(within: .seconds(5)), "the watch in flight is cancelled and the connection closed at once")

        // More calls in flight than allowed: the third is refused, the two go on.
        let crowded = try await FramesTestClient(daemon)
        for id in 1...3 as ClosedRange<UInt64> {
            try crowded.open(id, "vneid.v1.AccountService/WatchStatusChanges", apiKey: auditor, request: Vneid_V1_WatchStatusChangesRequest(), timeoutMs: 2_000)
        }
        let third = try await Self.status(of: 3, on: crowded)
        #expect(third.code == 8 && third.message.contains("more than 2 calls in flight"), "\(third.message)")

        // A request over the message limits is refused by the same input limits as gRPC.
        let large = try await FramesTestClient(daemon)
        let tooLong = try await large.call(
            "vneid.v1.PrincipalService/GetPrincipal", apiKey: admin,
            request: Vneid_V1_GetPrincipalRequest.with { $0.principal = String(repeating: "x", count: 3_000) }, as: Vneid_V1_Principal.self
        )
        #expect(tooLong.status.code == 3, "\(tooLong.status.message)")

        // A client that connects and sends nothing is closed after the handshake time.
        let silent = try await FramesTestClient(daemon, handshake: false)
        #expect(await silent.connection.closedByPeer(within: .seconds(5)))

        // The daemon serves on.
        let after = try await FramesTestClient(daemon)
        #expect(try await after.call("vneid.v1.PrincipalService/WhoAmI", apiKey: admin, request: Vneid_V1_WhoAmIRequest(), as: Vneid_V1_Principal.self).response?.name == "admin")
    }

    @Test("graceful shutdown: goaway with UNAVAILABLE and the last call id, each of 40 watches ends naming where to resume, the daemon exits 0")
    func gracefulShutdown() async throws {
        let world = try await OfficialsWorld()
        let frames = try await FramesTestClient(world.daemon)
        // Many watches end at once, so that their statuses are still being written when the
        // last of them has left the calls in flight: each must reach the client all the same.
        let watches = UInt64(40)
        for id in 1...watches {
            try frames.open(id, "vneid.v1.AccountService/WatchStatusChanges", apiKey: world.auditor, request: Vneid_V1_WatchStatusChangesRequest())
        }
        var received = 0
        while received < AuthenticationWorld.statusChangesAtSetUp * Int(watches), let frame = try await frames.receive() {
            if case .message? = frame.body { received += 1 }
        }
        world.daemon.process.signal(SIGTERM)
        var goaway: Vneid_V1_GoAway?
        var watchEnds: [UInt64: Vneid_V1_CallStatus] = [:]
        while let frame = try await frames.receive() {
            switch frame.body {
            case .goaway(let value)?: goaway = value
            case .status(let value)?: watchEnds[frame.callID] = value
            default: break
            }
        }
        #expect(goaway?.code == 14 && goaway?.lastCallID == watches, "\(String(describing: goaway))")
        #expect(Set(watchEnds.keys) == Set(1...watches), "statuses came for \(watchEnds.keys.sorted())")
        for (id, status) in watchEnds {
            #expect(status.code == 14 && status.message.contains("resume after sequence \(AuthenticationWorld.statusChangesAtSetUp)"), "call \(id): \(status)")
        }
        #expect(try await world.daemon.process.wait(timeout: .seconds(30)) == 0)
    }

    @Test("vneidctl and VNeIDClient speak frames on request: the same answers; import says it is gRPC-only")
    func clientsOverFrames() async throws {
        let world = try await AuthenticationWorld()
        let environment = ["VNEID_TRANSPORT": "frames", "VNEID_SERVER": try world.daemon.framesAddress]
        let whoami = try await world.daemon.cli(["whoami"], apiKey: world.auditorKey, environment: environment)
        #expect(whoami.status == 0, "\(whoami.stderr)")
        #expect(whoami.stdout.contains("auditor"))
        let status = try await world.daemon.cli(["accounts", "status", Accounts.deceased], apiKey: world.auditorKey, environment: environment)
        #expect(status.stdout.contains("LOCKED (deceased)"), "\(status.stdout) \(status.stderr)")
        try "id,display_name,assurance_level\n001099077777,A,2\n".write(toFile: world.daemon.directory.path + "/one.csv", atomically: true, encoding: .utf8)
        let imported = try await world.daemon.cli(
            ["accounts", "import", world.daemon.directory.path + "/one.csv"], apiKey: world.registryKey, environment: environment
        )
        #expect(imported.status != 0)
        #expect(imported.stderr.contains("served over gRPC only"), "\(imported.stderr)")
        let overFrames = try await world.daemon.withClient(apiKey: world.auditorKey, transport: .frames) { try await $0.accountStatus(id: Accounts.deceased) }
        let overGRPC = try await world.daemon.withClient(apiKey: world.auditorKey, transport: .grpc) { try await $0.accountStatus(id: Accounts.deceased) }
        #expect(overFrames == overGRPC)
        await expectFailure(.unimplemented) {
            _ = try await world.daemon.withClient(apiKey: world.registryKey, transport: .frames) { try await $0.importAccounts { _ in 0 } }
        }
        let nowhere = try VNeIDClientConfiguration(server: "127.0.0.1:1", apiKey: world.auditorKey, transport: .frames)
        let message = await expectFailure(.unavailable) { _ = try await VNeIDClient.withConnection(nowhere) { try await $0.whoAmI() } }
        #expect(message.contains("cannot reach the daemon at 127.0.0.1:1"), "\(message)")
    }

    /// The client's codes in gRPC's order, 1 (CANCELLED) to 16 (UNAUTHENTICATED).
    static let grpcNumbers: [VNeIDClientError.Code] = [
        .cancelled, .unknown, .invalidArgument, .deadlineExceeded, .notFound, .alreadyExists, .permissionDenied, .resourceExhausted,
        .failedPrecondition, .aborted, .outOfRange, .unimplemented, .internalError, .unavailable, .dataLoss, .unauthenticated,
    ]

    /// Frame bytes of `frame`, length first.
    static func encoded(_ frame: Vneid_V1_Frame) throws -> [UInt8] {
        let body: [UInt8] = try frame.serializedBytes()
        return FramesTestClient.length(body.count) + body
    }

    /// Reads frames until call `id` ends, and returns how.
    static func status(of id: UInt64, on frames: FramesTestClient) async throws -> Vneid_V1_CallStatus {
        while let frame = try await frames.receive() {
            if frame.callID == id, case .status(let status)? = frame.body { return status }
        }
        throw TestFailure("the connection closed before call \(id) ended")
    }
}
