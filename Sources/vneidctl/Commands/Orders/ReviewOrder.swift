import ArgumentParser
import VNeIDClient

/// `vneidctl orders approve ORDER`.
struct ApproveOrder: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve",
        abstract: "Approve a pending lock request: the lock executes (POLICE_APPROVER)."
    )

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var request: RequestIDOption

    @Argument(help: "The lock request's order id.")
    var orderID: String

    @Option(help: "A remark for the order's history.")
    var note = ""

    func run() async throws {
        let (id, note, requestID) = (orderID, note, request.resolved)
        try await OrderIssuer(connection: connection, output: output).run(requestID: requestID) { try await $0.approveLockRequest(id, note: note, requestID: requestID) }
    }
}

/// `vneidctl orders refuse ORDER --reason R`.
struct RefuseOrder: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "refuse",
        abstract: "Refuse a pending lock request with written reasons (POLICE_APPROVER)."
    )

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var request: RequestIDOption

    @Argument(help: "The lock request's order id.")
    var orderID: String

    @Option(help: "The reasons, sent to the requesting body. Required.")
    var reason: String

    func run() async throws {
        let (id, reason, requestID) = (orderID, reason, request.resolved)
        try await OrderIssuer(connection: connection, output: output).run(requestID: requestID) { try await $0.refuseLockRequest(id, reason: reason, requestID: requestID) }
    }
}
