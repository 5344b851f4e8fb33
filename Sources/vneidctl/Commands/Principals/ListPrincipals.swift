import ArgumentParser
import VNeIDClient

/// `vneidctl principals list [--all]`.
struct ListPrincipals: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List principals, oldest first.")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    @Flag(help: "Include revoked principals.")
    var all = false

    func run() async throws {
        try await reportingFailures {
            let principals = try await connection.withClient { try await $0.principals(includeRevoked: all) }
            if output.json { try Printer.json(principals.map(PrincipalView.init)) } else { Printer.text(PrincipalView.table(principals)) }
        }
    }
}
