import ArgumentParser
import VNeIDClient

/// `vneidctl services update NAME --audience AUD [--min-level N] [--[no-]replay-protection] [--[no-]border-portal]`.
struct UpdateService: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Change a relying service's audience, minimum level, replay protection or border-portal mark.",
        discussion: "The audience and replay protection are set as given; the minimum level and the border-portal mark are kept unless given."
    )

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var service: ServiceSettingsOptions

    func run() async throws {
        try await reportingFailures {
            let service = self.service
            let updated = try await connection.withClient { client in
                let current = service.borderPortal == nil ? try await client.service(name: service.name) : nil
                return try await client.updateService(service.settings(current: current))
            }
            if output.json { try Printer.json(ServiceView(updated)) } else { Printer.text(ServiceView.table([updated])) }
        }
    }
}
