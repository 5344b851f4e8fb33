import ArgumentParser

/// `vneidd`: serves VNeID Gate (`serve`, the default) or copies its store (`migrate-store`).
@main
struct VNeIDDaemonCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vneidd",
        abstract: "The VNeID Gate daemon. With no subcommand it serves; see 'vneidd serve --help'.",
        subcommands: [VNeIDDaemon.self, MigrateStore.self],
        defaultSubcommand: VNeIDDaemon.self
    )
}
