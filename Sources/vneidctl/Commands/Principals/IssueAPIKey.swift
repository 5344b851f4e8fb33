import ArgumentParser
import VNeIDClient

/// `vneidctl principals issue-key ID|NAME`.
struct IssueAPIKey: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "issue-key", abstract: "Issue another API key for a principal (for rotation).")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "The principal's id or name.")
    var principal: String

    func run() async throws {
        try await reportingFailures {
            let issued = try await connection.withClient { try await $0.issueAPIKey(for: principal) }
            if output.json {
                struct Issued: Encodable { var id: String; var apiKey: String }
                try Printer.json(Issued(id: issued.info.id, apiKey: issued.secret))
            } else {
                Printer.text("API key \(issued.info.id) (shown only now; store it safely):\n\(issued.secret)\n")
            }
        }
    }
}
