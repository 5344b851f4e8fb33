import ArgumentParser
import Foundation
import SwiftProtobuf
import Synchronization
import VNeIDClient
import VNeIDProto
import VNeIDTokens

/// `vneidctl bench authenticate`: Authenticate in a closed loop with a pool of distinct
/// tokens.
struct BenchAuthenticate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "authenticate",
        abstract: "Drive Authenticate with distinct fresh tokens and report requests/s and latency percentiles.",
        discussion: """
            First mints a pool of --tokens distinct tokens (unique jti each) with the \
            signing key, one per account id, cycling through the ids; then the workers \
            present them in turn. With a pool at least as large as the calls made, every \
            call verifies a signature the daemon has not seen; the report says how many \
            times each token was presented. Answers other than ALLOW count as errors. The \
            key must be a RELYING_SERVICE principal's bound to --service.

            By default the calls go through VNeIDClient (grpc-swift), whose per-call CPU is \
            about that of the daemon's; on one machine the two share the cores. --lean \
            sends the same gRPC calls as raw HTTP/2 frames (plaintext only), a load \
            generator that leaves most of the CPU to the daemon, as h2load does.
            """
    )

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    @Option(name: .customLong("signing-key"), help: "Private key from 'vneidctl token keygen' (KID.key.pem) of an issuer the daemon trusts.")
    var signingKey: String

    @Option(help: "The key id. Default: from the key's file name.")
    var kid: String?

    @Option(help: "Issuer (iss) of the tokens.")
    var iss: String

    @Option(help: "The service to authenticate for.")
    var service: String

    @Option(help: "Audience (aud) of the tokens: the service's audience.")
    var aud: String

    @Option(help: "Assurance level (loa) of the tokens.")
    var loa = 2

    @Option(help: "Distinct tokens to mint before measuring.")
    var tokens = 50_000

    @Option(
        name: .customLong("token-lifetime"),
        help: "Seconds each token stays valid. With --rate, counted from when the token is scheduled to be presented, so a long run's tokens live as long as its first ones."
    )
    var tokenLifetime = 3600.0

    @OptionGroup var load: LoadOptions

    @Flag(help: "Use the lean HTTP/2 load generator instead of VNeIDClient (plaintext only).")
    var lean = false

    @Option(
        name: .customLong("tokens-out"),
        help: "Write the minted pool to this file, one token per line, and exit without calling the daemon (for another load generator, such as the C client's vneid-bench)."
    )
    var tokensOut: String?

    func validate() throws {
        guard tokens >= 1 else { throw ValidationError("--tokens must be at least 1") }
        guard tokenLifetime >= 1 else { throw ValidationError("--token-lifetime must be at least 1 second") }
    }

    func run() async throws {
        let ids = try load.ids()
        let key = try TokenMint.loadKey(path: signingKey, keyID: kid)
        let mintStart = ContinuousClock.now
        // Token i is presented about i / rate seconds after the run starts.
        let firstUse = load.startAt.map { Date(timeIntervalSince1970: $0) } ?? Date()
        let (rate, lifetime) = (load.rate, tokenLifetime)
        let pool = try await mintPool(key: key, ids: ids) { index in
            firstUse.addingTimeInterval(lifetime + (rate > 0 ? Double(index) / rate : 0))
        }
        let mintTime = ContinuousClock.now - mintStart
        if let tokensOut {
            try Data((pool.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: tokensOut))
            Printer.text("wrote \(pool.count) \(key.algorithm.rawValue) tokens to \(tokensOut) (minted in \(mintTime))\n")
            return
        }
        let configuration = try connection.clientConfiguration()
        let connections = load.connectionCount
        let concurrency = load.concurrency
        let loadRun = load.run
        let next = TokenCursor()
        let service = service
        let result: LoadRun.Result
        if lean {
            result = try await runLean(pool: pool, configuration: configuration, connections: connections, loadRun: loadRun, next: next)
        } else {
            result = try await BenchClients.with(count: connections, configuration: configuration) { clients in
                await loadRun.run { worker, _ in
                    let index = next.advance() % pool.count
                    let answer = try await clients[worker % clients.count].authenticate(token: pool[index], service: service)
                    guard answer.isAllowed else { throw DeniedAnswer(detail: "\(answer.denyReason?.code ?? "DENY"): \(answer.detail)") }
                }
            }
        }
        let presented = next.position
        let perToken = Double(presented) / Double(pool.count)
        if output.json {
            struct Report: Encodable {
                var algorithm: String
                var tokens: Int
                var mintSeconds: Double
                var presentationsPerToken: Double
                var result: LoadRun.Result
            }
            try Printer.json(Report(
                algorithm: key.algorithm.rawValue, tokens: pool.count, mintSeconds: mintTime / .seconds(1),
                presentationsPerToken: perToken, result: result
            ))
        } else {
            Printer.text("""
                bench authenticate: \(key.algorithm.rawValue), \(pool.count) distinct tokens minted in \(mintTime), \
                \(concurrency) concurrent calls over \(connections) connections (\(lean ? "lean HTTP/2 load generator" : "VNeIDClient"))
                each token presented \(String(format: "%.2f", perToken)) times on average \
                (\(perToken <= 1 ? "every call verified a new signature" : "repeats hit the daemon's verified-token cache"))

                """)
            Printer.text(result.text)
        }
        if result.requests == 0 || result.errors == result.requests { throw ExitCode(1) }
    }

    /// The run through raw HTTP/2 connections, with every request encoded beforehand.
    private func runLean(
        pool: [String], configuration: VNeIDClientConfiguration, connections: Int, loadRun: LoadRun, next: TokenCursor
    ) async throws -> LoadRun.Result {
        let requests = try pool.map { token in
            try Vneid_V1_AuthenticateRequest.with { $0.token = token; $0.service = service }.serializedBytes() as [UInt8]
        }
        let (lines, authorization) = try await LeanGRPCConnection.connectAll(count: connections, configuration: configuration)
        let result = await loadRun.run { worker, _ in
            let index = next.advance() % requests.count
            let bytes = try await lines[worker % lines.count].unary(
                path: "/vneid.v1.AuthenticationService/Authenticate", authorization: authorization, message: requests[index]
            )
            let answer = try Vneid_V1_AuthenticateResponse(serializedBytes: bytes)
            guard answer.decision == .allow else { throw DeniedAnswer(detail: "\(DenyReason(proto: answer.denyReason)?.code ?? "DENY"): \(answer.detail)") }
        }
        for line in lines { await line.close() }
        return result
    }

    /// Mints the pool on every core; token `i` expires at `expiry(i)`.
    private func mintPool(key: SigningKey, ids: [String], expiry: @escaping @Sendable (Int) -> Date) async throws -> [String] {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let chunk = (tokens + cores - 1) / cores
        let (iss, aud, loa, count) = (iss, aud, loa, tokens)
        return try await withThrowingTaskGroup(of: (Int, [String]).self) { group in
            for part in 0..<cores {
                group.addTask {
                    let now = Date()
                    let range = (part * chunk)..<min(count, (part + 1) * chunk)
                    let minted = try range.map { index in
                        try TokenMinter.mint(TokenClaims(
                            issuer: iss, subject: ids[index % ids.count], audiences: [aud], issuedAt: now,
                            expiresAt: expiry(index), assuranceLevel: loa, tokenID: "bench-\(UUID().uuidString)"
                        ), key: key)
                    }
                    return (part, minted)
                }
            }
            var parts: [(Int, [String])] = []
            for try await part in group { parts.append(part) }
            return parts.sorted { $0.0 < $1.0 }.flatMap(\.1)
        }
    }
}

/// An answer other than ALLOW, counted as an error by the benchmark.
struct DeniedAnswer: Error, CustomStringConvertible {
    let detail: String
    var description: String { "denied: \(detail)" }
}

/// Hands out token indexes in order, across workers, so each token is presented once
/// before any is presented again.
final class TokenCursor: Sendable {
    private let next = Atomic<Int>(0)

    /// The next index (not reduced modulo the pool).
    func advance() -> Int { next.add(1, ordering: .relaxed).oldValue }

    /// How many indexes were handed out.
    var position: Int { next.load(ordering: .relaxed) }
}
