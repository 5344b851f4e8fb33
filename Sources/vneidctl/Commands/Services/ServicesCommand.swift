import ArgumentParser
import VNeIDClient

/// `vneidctl services ...`: the relying services tokens are authenticated for (ADMIN).
struct ServicesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "services",
        abstract: "Register, change, list and remove relying services (the services tokens are authenticated for).",
        subcommands: [AddService.self, UpdateService.self, ListServices.self, ShowService.self, RemoveService.self]
    )
}

/// The settings shared by `services add` and `services update`.
struct ServiceSettingsOptions: ParsableArguments {
    @Argument(help: "The service's name, such as border-portal.")
    var name: String

    @Option(help: "The value the tokens' aud claim must contain.")
    var audience: String

    @Option(name: .customLong("min-level"), help: "Lowest assurance level accepted (1 or 2). Default when adding: 2; when updating: unchanged.")
    var minimumLevel: Int?

    @Flag(name: .customLong("replay-protection"), inversion: .prefixedNo, help: "One-time tokens: each must carry a jti, and a jti presented twice is denied. Default: off.")
    var replayProtection = false

    @Flag(
        name: .customLong("border-portal"), inversion: .prefixedNo,
        help: "A Border E-procedure Portal: border guard stations may suspend and restore its login. Default when adding: no; when updating: unchanged."
    )
    var borderPortal: Bool?

    /// The settings, with `current` filling in what was not given.
    func settings(current: RegisteredService? = nil) -> ServiceSettings {
        ServiceSettings(
            name: name, audience: audience, minimumLevel: minimumLevel, replayProtection: replayProtection,
            borderPortal: borderPortal ?? current?.isBorderPortal ?? false
        )
    }
}
