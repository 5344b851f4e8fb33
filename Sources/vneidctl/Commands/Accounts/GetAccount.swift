import ArgumentParser
import VNeIDClient

/// `vneidctl accounts get ID`.
struct GetAccount: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "get", abstract: "Show one account as the registry holds it.")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "The 12-digit personal number or the 10- or 13-digit organization code.")
    var accountID: String

    func run() async throws {
        try await reportingFailures {
            let account = try await connection.withClient { try await $0.account(id: accountID) }
            let view = AccountView(account)
            if output.json { try Printer.json(view); return }
            var table = TextTable("ID", "KIND", "NAME", "LEVEL", "ORGANIZATION", "UPDATED")
            table.add(view.id, view.kind, view.displayName, "\(view.assuranceLevel)", view.managingOrganizationID ?? "-", Printer.date(view.updatedAt))
            Printer.text(table.rendered)
        }
    }
}
