import ArgumentParser
import VNeIDClient

/// `vneidctl services remove NAME`.
struct RemoveService: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Remove a relying service.",
        discussion: "Refused (exit 5) while active principals are bound to it: revoke them first."
    )

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: "The service's name.")
    var name: String

    func run() async throws {
        try await reportingFailures {
            try await connection.withClient { try await $0.removeService(name: name) }
            Printer.text("removed service \(name)\n")
        }
    }
}
