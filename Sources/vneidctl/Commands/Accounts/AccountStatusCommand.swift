import ArgumentParser
import VNeIDClient

/// `vneidctl accounts status ID...`: one id asks GetAccountStatus, several one
/// BatchGetAccountStatus call.
struct AccountStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show whether accounts are usable (up to 1000 ids in one call).",
        discussion: "Exits 3 when any id is unknown and 2 when any id is malformed, after printing every answer."
    )

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "Account ids.")
    var accountIDs: [String]

    func validate() throws {
        guard !accountIDs.isEmpty else { throw ValidationError("give at least one account id") }
    }

    func run() async throws {
        try await reportingFailures {
            if accountIDs.count == 1 {
                let status = try await connection.withClient { try await $0.accountStatus(id: accountIDs[0]) }
                try print([(accountIDs[0], .found(status))])
                return
            }
            let results = try await connection.withClient { try await $0.accountStatuses(ids: accountIDs) }
            try print(results)
            if results.contains(where: { if case .invalidID = $0.lookup { true } else { false } }) { throw ExitCode(2) }
            if results.contains(where: { if case .notFound = $0.lookup { true } else { false } }) { throw ExitCode(3) }
        }
    }

    /// Who may lift a lock on `reason`, for the LIFTED BY column.
    private static func whoLifts(_ reason: LockReason) -> String {
        switch reason {
        case .deceased, .organizationDissolved: "never (final)"
        case .subjectRequest: "the subject's request (registry)"
        case .thirdPartyRequest: "the deciding Police unit"
        case .termsViolation, .idCardRevoked: "a Police approver"
        }
    }

    private func print(_ results: [(id: String, lookup: AccountStatusLookup)]) throws {
        if output.json {
            struct Entry: Encodable { var accountID: String; var status: StatusView?; var error: String? }
            let entries = results.map { id, lookup in
                switch lookup {
                case .found(let status): Entry(accountID: id, status: StatusView(status))
                case .invalidID(let message), .notFound(let message): Entry(accountID: id, error: message)
                }
            }
            try accountIDs.count == 1 ? Printer.json(entries[0].status) : Printer.json(entries)
            return
        }
        var table = TextTable("ACCOUNT", "STATE", "VERSION", "UPDATED")
        var grounds = TextTable("ACCOUNT", "LOCK GROUND", "SINCE", "ORDER", "LIFTED BY")
        for (id, lookup) in results {
            switch lookup {
            case .found(let status):
                let view = StatusView(status)
                table.add(id, view.summary, "\(view.statusVersion)", Printer.date(view.updatedAt))
                for lock in status.locks {
                    grounds.add(id, lock.reason.rawValue, Printer.date(lock.since), lock.orderID, Self.whoLifts(lock.reason))
                }
            case .invalidID(let message): table.add(id, "INVALID ID: \(message)", "-", "-")
            case .notFound: table.add(id, "NOT FOUND", "-", "-")
            }
        }
        Printer.text(table.rendered)
        if !grounds.isEmpty {
            Printer.text("")
            Printer.text(grounds.rendered)
        }
    }
}
