import ArgumentParser
import VNeIDClient

/// `vneidctl history ACCOUNT [--limit N] [--page-token T] [--all]`.
struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show an account's authentication decisions, newest first (REGISTRY or AUDITOR).",
        discussion: "Shows one page; the footer says how to get the next. --all fetches every page."
    )

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "The account id.")
    var accountID: String

    @Option(help: "Records per page (1 to 1000).")
    var limit = 20

    @Option(name: .customLong("page-token"), help: "Continue after a previous page.")
    var pageToken: String?

    @Flag(help: "Fetch every page.")
    var all = false

    func run() async throws {
        try await reportingFailures {
            let (records, next) = try await connection.withClient { client in
                var records: [AuthenticationRecord] = []
                var next = pageToken
                repeat {
                    let page = try await client.authenticationHistory(accountID: accountID, pageSize: limit, pageToken: next)
                    records += page.records
                    next = page.nextPageToken
                } while all && next != nil
                return (records, next)
            }
            if output.json {
                struct Page: Encodable { var records: [AuthenticationRecordView]; var nextPageToken: String? }
                try Printer.json(Page(records: records.map(AuthenticationRecordView.init), nextPageToken: next))
                return
            }
            var table = TextTable("#", "TIME", "SERVICE", "DECISION", "REASON", "CALLER", "JTI")
            for record in records.map(AuthenticationRecordView.init) {
                table.add("\(record.sequence)", Printer.date(record.time), record.service, record.decision, record.denyReason ?? "-", record.callerID, record.tokenID ?? "-")
            }
            Printer.text(table.rendered)
            if let next { Printer.text("older records: vneidctl history \(accountID) --page-token \(next)\n") }
        }
    }
}
