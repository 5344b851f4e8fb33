import ArgumentParser
import VNeIDClient

/// `vneidctl services update NAME --audience AUD [--min-level N] [--[no-]replay-protection]`.
struct UpdateService: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Change a relying service's audience, minimum level or replay protection.",
        discussion: "The audience and replay protection are set as given; the minimum level is kept unless --min-level is given."
    )

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var service: ServiceSettingsOptions

    func run() async throws {
        try await reportingFailures {
            let updated = try await connection.withClient { try await $0.updateService(service.settings) }
            if output.json { try Printer.json(ServiceView(updated)) } else { Printer.text(ServiceView.table([updated])) }
        }
    }
}
