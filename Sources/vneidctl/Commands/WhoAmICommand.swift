import ArgumentParser
import VNeIDClient

/// `vneidctl whoami`: shows the principal of the API key in use.
struct WhoAmICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "whoami", abstract: "Show the principal your API key belongs to.")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await reportingFailures {
            let principal = try await connection.withClient { try await $0.whoAmI() }
            if output.json { try Printer.json(PrincipalView(principal)) } else { Printer.text(PrincipalView.table([principal])) }
        }
    }
}
