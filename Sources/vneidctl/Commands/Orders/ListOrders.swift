import ArgumentParser
import Foundation
import VNeIDClient

/// `vneidctl orders list [--overdue] [--account A] [--state S] [--kind K]`.
struct ListOrders: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List orders, newest first. --overdue shows lock requests pending past their review deadline."
    )

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    @Flag(help: "Only lock requests still pending past their review deadline.")
    var overdue = false

    @Option(help: "Only this account's orders.")
    var account: String?

    @Option(help: "Only orders in this state: pending-review, executed, refused.")
    var state: String?

    @Option(help: "Only orders of this kind: lock, unlock, suspend, restore.")
    var kind: String?

    @Option(help: "Orders per page (1 to 1000).")
    var limit = 50

    @Option(name: .customLong("page-token"), help: "Continue after a previous page.")
    var pageToken: String?

    func run() async throws {
        var filter = OrderFilter(accountID: account, overdue: overdue)
        if let state {
            guard let parsed = OrderState(rawValue: state.uppercased().replacingOccurrences(of: "-", with: "_")) else {
                throw ValidationError("--state must be pending-review, executed or refused")
            }
            filter.state = parsed
        }
        if let kind {
            guard let parsed = OrderKind(rawValue: kind.uppercased()) else { throw ValidationError("--kind must be lock, unlock, suspend or restore") }
            filter.kind = parsed
        }
        try await reportingFailures {
            let page = try await connection.withClient { [filter, limit, pageToken] in try await $0.orders(filter, pageSize: limit, pageToken: pageToken) }
            if output.json {
                struct Page: Encodable { var orders: [OrderView]; var nextPageToken: String? }
                try Printer.json(Page(orders: page.orders.map(OrderView.init), nextPageToken: page.nextPageToken))
                return
            }
            var table = TextTable("ORDER", "KIND", "ACCOUNT", "GROUND", "STATE", "RECEIVED", "DEADLINE", "BY")
            for order in page.orders.map(OrderView.init) {
                table.add(
                    order.id, order.kind, order.accountID, order.grounds.ground,
                    order.state + (order.overdue ? " (OVERDUE)" : ""), Printer.date(order.receivedAt),
                    Printer.date(order.reviewDeadline), order.decidedBy?.name ?? order.requestedBy.name
                )
            }
            Printer.text(table.rendered)
            if let next = page.nextPageToken { Printer.text("older orders: add --page-token \(next)\n") }
        }
    }
}

/// `vneidctl orders show ORDER`.
struct ShowOrder: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Tell an order's full story: grounds, requester, decider, every state, notices and their delivery."
    )

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "The order id.")
    var orderID: String

    func run() async throws {
        try await reportingFailures {
            let order = try await connection.withClient { [orderID] in try await $0.order(id: orderID) }
            if output.json { try Printer.json(OrderView(order)) } else { Printer.text(OrderView(order).story) }
        }
    }
}
