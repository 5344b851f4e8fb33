import ArgumentParser
import VNeIDClient

/// `vneidctl services list`.
struct ListServices: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the registered services.")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await reportingFailures {
            let services = try await connection.withClient { try await $0.services() }
            if output.json { try Printer.json(services.map(ServiceView.init)) } else { Printer.text(ServiceView.table(services)) }
        }
    }
}

/// `vneidctl services show NAME`.
struct ShowService: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one registered service.")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "The service's name.")
    var name: String

    func run() async throws {
        try await reportingFailures {
            let service = try await connection.withClient { try await $0.service(name: name) }
            if output.json { try Printer.json(ServiceView(service)) } else { Printer.text(ServiceView.table([service])) }
        }
    }
}
