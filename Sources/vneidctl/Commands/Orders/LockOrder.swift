import ArgumentParser
import VNeIDClient

/// `vneidctl orders lock ACCOUNT --ground G`.
struct LockOrder: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lock",
        abstract: "Record and execute an automatic lock (REGISTRY).",
        discussion: """
            Grounds: subject-request, terms-violation, id-card-revoked, deceased (citizens); subject-request, \
            terms-violation, organization-dissolved (organizations). A locked account gains the ground beside the \
            others. terms-violation needs --text (which term, how); id-card-revoked, deceased and \
            organization-dissolved need --document (the record that establishes the fact).
            """
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
        discussion: "The request goes to one Police unit, whose approvers must decide by the end of the second working day after the day of receipt."
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

    @Option(name: .customLong("police-unit"), help: "The Police unit the request is sent to, such as ca-lang-son.")
    var policeUnit: String

    func run() async throws {
        let grounds = try GroundsOptions.grounds(.thirdPartyRequest, text: text, document: document, documentDate: documentDate)
        let (id, requestID, unit) = (accountID, request.resolved, policeUnit)
        try await OrderIssuer(connection: connection, output: output).run(requestID: requestID) {
            try await $0.requestLock(id, grounds: grounds, policeUnit: unit, requestID: requestID)
        }
    }
}

/// `vneidctl orders unlock ACCOUNT --ground G`.
struct UnlockOrder: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unlock",
        abstract: "Lift one lock ground: subject-request through the REGISTRY, or lock-grounds-lifted by a POLICE_APPROVER.",
        discussion: """
            Name the ground with --lock-order (its order id, from 'vneidctl accounts status'); it may be left out \
            while the account has a single ground. The account is active again only when no ground remains. \
            Death and dissolution are final. A lock the subject asked for is lifted only at the subject's request; \
            a Police decision on a third party's request only by the unit that decided it.
            """,
    )

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var grounds: GroundsOptions
    @OptionGroup var request: RequestIDOption

    @Argument(help: "The account id.")
    var accountID: String

    @Option(name: .customLong("lock-order"), help: "The order id of the lock ground to lift.")
    var lockOrderID: String?

    func run() async throws {
        let grounds = try grounds.grounds()
        let (id, requestID, lockOrderID) = (accountID, request.resolved, lockOrderID)
        try await OrderIssuer(connection: connection, output: output).run(requestID: requestID) {
            try await $0.unlockAccount(id, grounds: grounds, lockOrderID: lockOrderID, requestID: requestID)
        }
    }
}
