import ArgumentParser

/// `vneidctl bench ...`: load generators for measuring the daemon.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the daemon's throughput and latency with real calls.",
        subcommands: [BenchStatus.self, BenchAuthenticate.self, BenchOrders.self, BenchPropagation.self]
    )
}
