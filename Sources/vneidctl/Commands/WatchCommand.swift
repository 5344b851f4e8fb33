import ArgumentParser
import VNeIDClient

/// `vneidctl watch [--after N]`: the status-change stream.
struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Stream account status changes after a sequence number, then live, one JSON object per line (REGISTRY, AUDITOR, RELYING_SERVICE).",
        discussion: "Keep the last sequence you processed and pass it with --after to resume without missing or repeating a change."
    )

    @OptionGroup var connection: ConnectionOptions

    @Option(help: "Start after this sequence number (0: from the first change).")
    var after: UInt64 = 0

    @Option(help: "Stop after this many changes (default: never).")
    var count: Int?

    func run() async throws {
        try await reportingFailures {
            try await connection.withClient { [after, count] client in
                let seen = Counter()
                try await client.watchStatusChanges(afterSequence: after) { change in
                    try JSONLines.print(StatusChangeView(change))
                    return await seen.increment() < (count ?? .max)
                }
            }
        }
    }
}
