import ArgumentParser
import Foundation
import VNeIDClient

/// `vneidctl authenticate --service NAME [TOKEN]`.
struct AuthenticateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "authenticate",
        abstract: "Ask whether a VNeID token may log into a service; exits 7 on DENY.",
        discussion: """
            The token is the argument, or read from standard input when the argument is \
            missing or '-'. The key must be a RELYING_SERVICE principal's bound to the \
            service. Prints ALLOW or DENY with the reason and the subject.
            """
    )

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "The service being entered, such as border-portal.")
    var service: String

    @Argument(help: "The token (JWS compact form); '-' or nothing reads standard input.")
    var token: String?

    func run() async throws {
        var text = token ?? "-"
        if text == "-" {
            text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        }
        text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let token = text
        try await reportingFailures {
            let result = try await connection.withClient { try await $0.authenticate(token: token, service: service) }
            let view = AuthenticationView(result)
            if output.json { try Printer.json(view) } else { Printer.text(view.text) }
            if !result.isAllowed { throw ExitCode(7) }
        }
    }
}
