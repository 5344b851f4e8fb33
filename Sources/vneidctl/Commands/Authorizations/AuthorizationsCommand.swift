import ArgumentParser
import Foundation
import VNeIDClient

/// `vneidctl authorizations grant|revoke|list`: a station commander's authorizations of its deputies.
struct AuthorizationsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "authorizations",
        abstract: "Grant, revoke and list deputies' standing authorizations to suspend and restore (STATION_COMMANDER).",
        subcommands: [GrantAuthorization.self, RevokeAuthorization.self, ListAuthorizations.self]
    )
}

/// `vneidctl authorizations grant DEPUTY --until DATE [--from DATE] [--note N]`.
struct GrantAuthorization: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grant",
        abstract: "Authorize a deputy of your station to suspend and restore within a window."
    )

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "The deputy's principal name or id.")
    var deputy: String

    @Option(help: "Valid from (YYYY-MM-DD, Vietnam midnight, or an ISO 8601 time). Default: now.")
    var from: String?

    @Option(help: "Valid until, exclusive (YYYY-MM-DD or ISO 8601). Required.")
    var until: String

    @Option(help: "The commander's decision it rests on, for the record.")
    var note = ""

    func run() async throws {
        let validFrom = try from.map { try InstantArgument.parse($0, "--from") }
        let validUntil = try InstantArgument.parse(until, "--until")
        try await reportingFailures {
            let granted = try await connection.withClient { [deputy, note] in
                try await $0.grantAuthorization(deputy: deputy, validFrom: validFrom, validUntil: validUntil, note: note)
            }
            if output.json { try Printer.json(AuthorizationView(granted)) } else { Printer.text(AuthorizationView.table([granted])) }
        }
    }
}

/// `vneidctl authorizations revoke ID`.
struct RevokeAuthorization: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke an authorization of your station.")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "The authorization id (auth_…).")
    var authorizationID: String

    func run() async throws {
        try await reportingFailures {
            let revoked = try await connection.withClient { [authorizationID] in try await $0.revokeAuthorization(id: authorizationID) }
            if output.json { try Printer.json(AuthorizationView(revoked)) } else { Printer.text(AuthorizationView.table([revoked])) }
        }
    }
}

/// `vneidctl authorizations list [--station S]`.
struct ListAuthorizations: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List your station's authorizations, newest first (an AUDITOR may name any station, or none for all)."
    )

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "The station (AUDITOR only).")
    var station: String?

    func run() async throws {
        try await reportingFailures {
            let authorizations = try await connection.withClient { [station] in try await $0.authorizations(stationID: station) }
            if output.json { try Printer.json(authorizations.map(AuthorizationView.init)) } else { Printer.text(AuthorizationView.table(authorizations)) }
        }
    }
}
