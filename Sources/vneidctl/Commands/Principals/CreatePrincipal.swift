import ArgumentParser
import VNeIDClient
import VNeIDCore

/// `vneidctl principals create NAME --role ROLE [--service S]`.
struct CreatePrincipal: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create a principal and print its API key (shown only once).",
        discussion: "Roles: ADMIN, REGISTRY, RELYING_SERVICE (needs --service), AUDITOR, REQUESTER (needs --requester-type), POLICE_APPROVER (needs --police-unit), STATION_COMMANDER and STATION_DEPUTY (need --station)."
    )

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "Unique name: letters, digits, '.', '_' and '-'.")
    var name: String

    @Option(name: .customLong("role"), help: "A role to grant; repeat for several.")
    var roles: [String] = []

    @Option(name: .customLong("service"), help: "A service a RELYING_SERVICE principal is bound to; repeat for several.")
    var services: [String] = []

    @Option(name: .customLong("requester-type"), help: "For a REQUESTER: procedural-agency, competent-authority or relying-party.")
    var requesterType: String?

    @Option(help: "For a STATION_COMMANDER or STATION_DEPUTY: the station id, such as huu-nghi.")
    var station: String?

    @Option(name: .customLong("police-unit"), help: "For a POLICE_APPROVER: its Police unit, such as ca-lang-son.")
    var policeUnit: String?

    func run() async throws {
        var type: RequesterType?
        if let requesterType {
            do { type = try RequesterType(parsing: requesterType) } catch { throw ValidationError(error.message) }
        }
        var parsedRoles = Set<Role>()
        for role in roles {
            do { parsedRoles.insert(try Role(parsing: role)) } catch { throw ValidationError(error.message) }
        }
        try await reportingFailures {
            let created = try await connection.withClient {
                try await $0.createPrincipal(name: name, roles: parsedRoles, services: services, requesterType: type, stationID: station, policeUnit: policeUnit)
            }
            if output.json {
                struct Created: Encodable { var principal: PrincipalView; var apiKey: String }
                try Printer.json(Created(principal: PrincipalView(created.principal), apiKey: created.apiKey))
            } else {
                Printer.text(PrincipalView.table([created.principal]))
                Printer.text("\nAPI key (shown only now; store it safely):\n\(created.apiKey)\n")
            }
        }
    }
}
