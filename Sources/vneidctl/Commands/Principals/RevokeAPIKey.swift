import ArgumentParser
import VNeIDClient

/// `vneidctl principals revoke-key KEY_ID`.
struct RevokeAPIKey: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "revoke-key", abstract: "Revoke one API key by its id.")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "The key's id (the 16 hex digits after 'vneid_').")
    var keyID: String

    func run() async throws {
        try await reportingFailures {
            let info = try await connection.withClient { try await $0.revokeAPIKey(id: keyID) }
            if output.json {
                struct Revoked: Encodable { var id: String; var revokedAt: String }
                try Printer.json(Revoked(id: info.id, revokedAt: Printer.date(info.revokedAt)))
            } else {
                Printer.text("API key \(info.id) revoked at \(Printer.date(info.revokedAt))\n")
            }
        }
    }
}
