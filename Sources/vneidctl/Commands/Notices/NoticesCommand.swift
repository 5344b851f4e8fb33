import ArgumentParser
import Foundation
import VNeIDClient

/// `vneidctl notices list|watch|ack`.
struct NoticesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notices",
        abstract: "List, watch and acknowledge the notices orders owe (your delivery channels; an AUDITOR sees all).",
        subcommands: [ListNotices.self, WatchNotices.self, AcknowledgeNotice.self]
    )

    static func table(_ notices: [SequencedNotice]) -> String {
        var table = TextTable("#", "NOTICE", "KIND", "TO", "ACCOUNT", "CHANNEL", "DUE", "DELIVERED")
        for item in notices {
            let view = NoticeView(item.notice, sequence: item.sequence)
            table.add(
                "\(item.sequence)", view.id, view.kind, "\(view.recipientRole) \(view.recipientID)", view.accountID, view.channel,
                Printer.date(view.dueAt) + (item.overdue ? " OVERDUE" : ""), Printer.date(view.deliveredAt)
            )
        }
        return table.rendered
    }
}

/// `vneidctl notices list [--overdue] [--undelivered] [--order O] [--after N]`.
struct ListNotices: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List notices by sequence. --overdue shows those not delivered by their due time (or delivered late)."
    )

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    @Flag(help: "Only overdue notices.")
    var overdue = false

    @Flag(help: "Only notices not yet delivered.")
    var undelivered = false

    @Option(help: "Only this order's notices.")
    var order: String?

    @Option(help: "Only notices numbered after this.")
    var after: UInt64 = 0

    @Option(help: "Notices per page (1 to 1000).")
    var limit = 100

    @Flag(help: "Print each notice's full text.")
    var text = false

    func run() async throws {
        let filter = NoticeFilter(afterSequence: after, undeliveredOnly: undelivered, overdue: overdue, orderID: order)
        try await reportingFailures {
            let page = try await connection.withClient { [limit] in try await $0.notices(filter, pageSize: limit) }
            if output.json {
                struct Page: Encodable { var notices: [NoticeView]; var nextAfterSequence: UInt64? }
                try Printer.json(Page(notices: page.notices.map { NoticeView($0.notice, sequence: $0.sequence) }, nextAfterSequence: page.nextAfterSequence))
                return
            }
            Printer.text(NoticesCommand.table(page.notices))
            if text {
                for item in page.notices { Printer.text("\n[\(item.notice.id)]\n\(item.notice.text)\n") }
            }
            if let next = page.nextAfterSequence { Printer.text("more: add --after \(next)\n") }
        }
    }
}

/// `vneidctl notices watch [--after N]`: one JSON line per notice, live.
struct WatchNotices: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Stream notices after a sequence number, then new ones live, one JSON object per line, until interrupted."
    )

    @OptionGroup var connection: ConnectionOptions

    @Option(help: "Start after this sequence number (0: from the first).")
    var after: UInt64 = 0

    @Flag(help: "Only notices not yet delivered.")
    var undelivered = false

    @Option(help: "Stop after this many notices (default: never).")
    var count: Int?

    func run() async throws {
        try await reportingFailures {
            try await connection.withClient { [after, undelivered, count] client in
                let seen = Counter()
                try await client.watchNotices(afterSequence: after, undeliveredOnly: undelivered) { item in
                    try JSONLines.print(NoticeView(item.notice, sequence: item.sequence))
                    return await seen.increment() < (count ?? .max)
                }
            }
        }
    }
}

/// `vneidctl notices ack ID`.
struct AcknowledgeNotice: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ack",
        abstract: "Record a notice delivered to its recipient (REGISTRY, RELYING_SERVICE or REQUESTER of its channel)."
    )

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "The notice id (ntc_…).")
    var noticeID: String

    func run() async throws {
        try await reportingFailures {
            let notice = try await connection.withClient { [noticeID] in try await $0.acknowledgeNotice(id: noticeID) }
            if output.json {
                try Printer.json(NoticeView(notice, sequence: nil))
            } else {
                Printer.text("\(notice.id) delivered at \(Printer.date(notice.deliveredAt)) by \(notice.deliveredBy ?? "-")\(notice.isOverdue(at: Date()) ? " (late: it was due \(Printer.date(notice.dueAt)))" : "")\n")
            }
        }
    }
}
