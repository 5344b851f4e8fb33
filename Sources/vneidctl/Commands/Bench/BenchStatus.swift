import ArgumentParser
import Foundation
import VNeIDClient

/// `vneidctl bench status`: GetAccountStatus in a closed loop.
struct BenchStatus: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Drive GetAccountStatus at a given concurrency and report requests/s and latency percentiles.",
        discussion: """
            Account ids come from --ids-file (the first column of a CSV with a header, as \
            imported, or one id per line) or from the arguments; the workers cycle through \
            them. The key needs a role that may read status (RELYING_SERVICE, REGISTRY or AUDITOR).
            """
    )

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "Calls in flight at once.")
    var concurrency = 64

    @Option(help: "HTTP/2 connections to spread the calls over.")
    var connections = 2

    @Option(help: "Seconds to measure.")
    var duration = 10.0

    @Option(help: "Seconds to run before measuring.")
    var warmup = 2.0

    @Option(name: .customLong("ids-file"), help: "File of account ids to query.")
    var idsFile: String?

    @Argument(help: "Account ids to query.")
    var accountIDs: [String] = []

    func validate() throws {
        guard concurrency >= 1, connections >= 1, duration > 0, warmup >= 0 else {
            throw ValidationError("concurrency and connections must be at least 1, duration positive")
        }
        guard idsFile != nil || !accountIDs.isEmpty else { throw ValidationError("give account ids or --ids-file") }
    }

    func run() async throws {
        let ids = try accountIDs + (idsFile.map(BenchClients.readIDs) ?? [])
        guard !ids.isEmpty else { throw ValidationError("no account ids to query") }
        let configuration = try connection.clientConfiguration()
        let connections = min(connections, concurrency)
        let load = LoadRun(concurrency: concurrency, warmup: .milliseconds(Int64(warmup * 1000)), duration: .milliseconds(Int64(duration * 1000)))
        let result = try await BenchClients.with(count: connections, configuration: configuration) { clients in
            await load.run { worker, iteration in
                let index = (worker &* 7919 &+ iteration &* concurrency &+ worker) % ids.count
                _ = try await clients[worker % clients.count].accountStatus(id: ids[index])
            }
        }
        if output.json {
            try Printer.json(result)
        } else {
            Printer.text("bench status: \(concurrency) concurrent calls over \(connections) connections, \(ids.count) account ids\n")
            Printer.text(result.text)
        }
        if result.requests == 0 || result.errors == result.requests { throw ExitCode(1) }
    }
}
