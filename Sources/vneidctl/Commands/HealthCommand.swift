import ArgumentParser
import VNeIDClient

/// `vneidctl health`: asks the standard gRPC health service (no API key needed).
struct HealthCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "health",
        abstract: "Check that the daemon is serving (exit 0) or not (exit 1)."
    )

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "A fully qualified service name, such as vneid.v1.AccountService; empty for the daemon as a whole.")
    var service = ""

    func run() async throws {
        try await reportingFailures {
            let status = try await connection.withClient { try await $0.health(service: service) }
            if output.json { try Printer.json(["status": status.rawValue]) } else { Printer.text(status.rawValue + "\n") }
            if status != .serving { throw ExitCode(1) }
        }
    }
}
