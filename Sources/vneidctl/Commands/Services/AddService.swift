import ArgumentParser
import VNeIDClient

/// `vneidctl services add NAME --audience AUD [--min-level N] [--replay-protection] [--border-portal]`.
struct AddService: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Register a relying service.",
        discussion: "Example: vneidctl services add border-portal --audience https://biencanhdientu.gov.vn --min-level 2 --replay-protection --border-portal"
    )

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var service: ServiceSettingsOptions

    func run() async throws {
        try await reportingFailures {
            let added = try await connection.withClient { try await $0.addService(service.settings()) }
            if output.json { try Printer.json(ServiceView(added)) } else { Printer.text(ServiceView.table([added])) }
        }
    }
}
