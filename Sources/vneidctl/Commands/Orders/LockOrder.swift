import ArgumentParser
import VNeIDClient

/// `vneidctl orders lock ACCOUNT --ground G`.
struct LockOrder: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lock",
        abstract: "Record and execute an automatic lock (REGISTRY).",
        discussion: "Grounds: subject-request, terms-violation, id-card-revoked, deceased (citizens); subject-request, terms-violation, organization-dissolved (organizations)."
    )

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var grounds: GroundsOptions
    @OptionGroup var request: RequestIDOption

    @Argument(help: "The account id.")
    var accountID: String

    func run() async throws {
        let grounds = try grounds.grounds()
        let (id, requestID) = (accountID, request.resolved)
        try await OrderIssuer(connection: connection, output: output).run(requestID: requestID) { try await $0.lockAccount(id, grounds: grounds, requestID: requestID) }
    }
}

/// `vneidctl orders request ACCOUNT --text T --document REF`.
struct RequestLockOrder: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "request",
        abstract: "Submit a third party's lock request for Police review (REQUESTER).",
        discussion: "The Police must decide by the end of the second working day after the day of receipt."
    )

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var request: RequestIDOption

    @Argument(help: "The account id.")
    var accountID: String

    @Option(help: "The reasons for the request.")
    var text: String

    @Option(help: "The number of the request letter.")
    var document: String

    @Option(name: .customLong("document-date"), help: "The letter's date, YYYY-MM-DD.")
    var documentDate: String?

    func run() async throws {
        let grounds = try GroundsOptions.grounds(.thirdPartyRequest, text: text, document: document, documentDate: documentDate)
        let (id, requestID) = (accountID, request.resolved)
        try await OrderIssuer(connection: connection, output: output).run(requestID: requestID) { try await $0.requestLock(id, grounds: grounds, requestID: requestID) }
    }
}

/// `vneidctl orders unlock ACCOUNT --ground G`.
struct UnlockOrder: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unlock",
        abstract: "Lift a lock: subject-request through the REGISTRY, or lock-grounds-lifted by a POLICE_APPROVER.",
        discussion: "A lock for death is final. A lock the subject asked for is lifted only at the subject's request."
    )

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var grounds: GroundsOptions
    @OptionGroup var request: RequestIDOption

    @Argument(help: "The account id.")
    var accountID: String

    func run() async throws {
        let grounds = try grounds.grounds()
        let (id, requestID) = (accountID, request.resolved)
        try await OrderIssuer(connection: connection, output: output).run(requestID: requestID) { try await $0.unlockAccount(id, grounds: grounds, requestID: requestID) }
    }
}
