import ArgumentParser
import Foundation
import SwiftProtobuf
import VNeIDClient
import VNeIDProto

/// `vneidctl bench status`: GetAccountStatus in a closed loop.
struct BenchStatus: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Drive GetAccountStatus at a given concurrency and report requests/s and latency percentiles.",
        discussion: """
            Account ids come from --ids-file (the first column of a CSV with a header, as \
            imported, or one id per line) or from the arguments; the workers cycle through \
            them. The key needs a role that may read status (RELYING_SERVICE, REGISTRY or AUDITOR).

            --lean sends the same gRPC calls as raw HTTP/2 frames (plaintext only), a load \
            generator that leaves most of the CPU to the daemon, as h2load does.
            """
    )

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    @OptionGroup var load: LoadOptions

    @Flag(help: "Use the lean HTTP/2 load generator instead of VNeIDClient (plaintext only).")
    var lean = false

    func run() async throws {
        let ids = try load.ids()
        let configuration = try connection.clientConfiguration()
        let connections = load.connectionCount
        let concurrency = load.concurrency
        let loadRun = load.run
        @Sendable func account(worker: Int, iteration: Int) -> Int { (worker &* 7919 &+ iteration &* concurrency &+ worker) % ids.count }
        let result: LoadRun.Result
        if lean {
            let requests = try ids.map { id in try Vneid_V1_GetAccountStatusRequest.with { $0.accountID = id }.serializedBytes() as [UInt8] }
            let (lines, authorization) = try await LeanGRPCConnection.connectAll(count: connections, configuration: configuration)
            result = await loadRun.run { worker, iteration in
                let bytes = try await lines[worker % lines.count].unary(
                    path: "/vneid.v1.AccountService/GetAccountStatus", authorization: authorization,
                    message: requests[account(worker: worker, iteration: iteration)]
                )
                _ = try Vneid_V1_AccountStatus(serializedBytes: bytes)
            }
            for line in lines { await line.close() }
        } else {
            result = try await BenchClients.with(count: connections, configuration: configuration) { clients in
                await loadRun.run { worker, iteration in
                    _ = try await clients[worker % clients.count].accountStatus(id: ids[account(worker: worker, iteration: iteration)])
                }
            }
        }
        if output.json {
            try Printer.json(result)
        } else {
            Printer.text(
                "bench status: \(concurrency) concurrent calls over \(connections) connections, \(ids.count) account ids"
                    + " (\(lean ? "lean HTTP/2 load generator" : "VNeIDClient"))\n"
            )
            Printer.text(result.text)
        }
        if result.requests == 0 || result.errors == result.requests { throw ExitCode(1) }
    }
}
