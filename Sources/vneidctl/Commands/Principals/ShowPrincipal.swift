import ArgumentParser
import VNeIDClient

/// `vneidctl principals show ID|NAME`.
struct ShowPrincipal: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one principal and its API keys.")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "The principal's id or name.")
    var principal: String

    func run() async throws {
        try await reportingFailures {
            let found = try await connection.withClient { try await $0.principal(principal) }
            if output.json { try Printer.json(PrincipalView(found)); return }
            Printer.text(PrincipalView.table([found]))
            var keys = TextTable("KEY", "CREATED", "REVOKED")
            for key in found.apiKeys { keys.add(key.id, Printer.date(key.createdAt), Printer.date(key.revokedAt)) }
            Printer.text("\n" + keys.rendered)
        }
    }
}
