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

    @OptionGroup var load: LoadOptions

    func run() async throws {
        let ids = try load.ids()
        let configuration = try connection.clientConfiguration()
        let connections = load.connectionCount
        let concurrency = load.concurrency
        let loadRun = load.run
        let result = try await BenchClients.with(count: connections, configuration: configuration) { clients in
            await loadRun.run { worker, iteration in
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
