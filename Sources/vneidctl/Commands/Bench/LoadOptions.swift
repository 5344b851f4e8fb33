import ArgumentParser
import Foundation

/// The load shape and the account ids every bench command takes.
struct LoadOptions: ParsableArguments {
    @Option(help: "Calls in flight at once.")
    var concurrency = 64

    @Option(help: "HTTP/2 connections to spread the calls over.")
    var connections = 2

    @Option(help: "Seconds to measure.")
    var duration = 10.0

    @Option(help: "Seconds to run before measuring.")
    var warmup = 2.0

    @Option(help: "Calls per second to hold, spread over the workers (an open loop); 0 drives as fast as the daemon answers.")
    var rate = 0.0

    @Option(
        name: .customLong("start-at"),
        help: "Start the run (its warmup first) at this time, in seconds since 1970, so that load generators in several processes start together. Default: at once."
    )
    var startAt: Double?

    @Option(help: "Also report every this many seconds of the measured time apart (throughput, errors, latency).")
    var interval: Double?

    @Option(name: .customLong("ids-file"), help: "File of account ids: the first column of a CSV with a header, or one per line.")
    var idsFile: String?

    @Argument(help: "Account ids.")
    var accountIDs: [String] = []

    func validate() throws {
        guard concurrency >= 1, connections >= 1, duration > 0, warmup >= 0, rate >= 0 else {
            throw ValidationError("concurrency and connections must be at least 1, duration positive, rate not negative")
        }
        if let interval, !(interval >= 1) { throw ValidationError("--interval must be at least 1 second") }
        guard idsFile != nil || !accountIDs.isEmpty else { throw ValidationError("give account ids or --ids-file") }
    }

    /// The ids from the arguments and the file.
    func ids() throws -> [String] {
        let ids = try accountIDs + (idsFile.map(BenchClients.readIDs) ?? [])
        guard !ids.isEmpty else { throw ValidationError("no account ids to use") }
        return ids
    }

    /// Connections actually opened: never more than calls in flight.
    var connectionCount: Int { min(connections, concurrency) }

    /// The run these options describe.
    var run: LoadRun {
        LoadRun(
            concurrency: concurrency, warmup: .milliseconds(Int64(warmup * 1000)), duration: .milliseconds(Int64(duration * 1000)),
            rate: rate, startAt: startAt.map { Date(timeIntervalSince1970: $0) },
            interval: interval.map { .milliseconds(Int64($0 * 1000)) }
        )
    }
}
