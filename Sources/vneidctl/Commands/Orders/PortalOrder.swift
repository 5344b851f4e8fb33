import ArgumentParser
import VNeIDClient

/// `vneidctl orders suspend ACCOUNT --ground G`.
struct SuspendOrder: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suspend",
        abstract: "Suspend border-portal login for your station (STATION_COMMANDER, or an authorized STATION_DEPUTY).",
        discussion: "Grounds: security-risk (with --text), or managing-organization-request citing the Appendix 1 form (--document and --document-date). Notices (Appendix 2) are due within 2 hours."
    )

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var grounds: GroundsOptions
    @OptionGroup var request: RequestIDOption

    @Argument(help: "The account id.")
    var accountID: String

    @Option(help: "The service whose login is suspended.")
    var service = "border-portal"

    func run() async throws {
        let grounds = try grounds.grounds()
        let (id, service, requestID) = (accountID, service, request.resolved)
        try await OrderIssuer(connection: connection, output: output).run(requestID: requestID) {
            try await $0.suspendLogin(id, service: service, grounds: grounds, requestID: requestID)
        }
    }
}

/// `vneidctl orders restore ACCOUNT --ground G`.
struct RestoreOrder: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Restore border-portal login your station suspended (STATION_COMMANDER, or an authorized STATION_DEPUTY).",
        discussion: "Grounds: risk-resolved (with --text), or managing-organization-request citing the Appendix 3 form. Notices (Appendix 4) are due within 2 hours."
    )

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var grounds: GroundsOptions
    @OptionGroup var request: RequestIDOption

    @Argument(help: "The account id.")
    var accountID: String

    @Option(help: "The service whose login is restored.")
    var service = "border-portal"

    func run() async throws {
        let grounds = try grounds.grounds()
        let (id, service, requestID) = (accountID, service, request.resolved)
        try await OrderIssuer(connection: connection, output: output).run(requestID: requestID) {
            try await $0.restoreLogin(id, service: service, grounds: grounds, requestID: requestID)
        }
    }
}
