import ArgumentParser
import VNeIDClient

/// `vneidctl principals revoke ID|NAME`.
struct RevokePrincipal: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke a principal and every API key it holds.")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "The principal's id or name.")
    var principal: String

    func run() async throws {
        try await reportingFailures {
            let revoked = try await connection.withClient { try await $0.revokePrincipal(principal) }
            if output.json { try Printer.json(PrincipalView(revoked)) } else { Printer.text(PrincipalView.table([revoked])) }
        }
    }
}
