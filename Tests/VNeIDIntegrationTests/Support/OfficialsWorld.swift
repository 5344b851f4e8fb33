import Foundation
import GRDB
import Testing
import VNeIDClient
import VNeIDTokens

/// The authentication stage plus one official of each kind the regulations name: the
/// registry, a requesting body, two Police units with an approver each, two stations with a
/// commander each and a deputy at the first, the border portal and an auditor.
final class OfficialsWorld: Sendable {
    typealias Accounts = AuthenticationWorld.Accounts

    let stage: AuthenticationWorld
    var daemon: TestDaemon { stage.daemon }
    var registry: String { stage.registryKey }
    var portal: String { stage.portalKey }
    var auditor: String { stage.auditorKey }
    /// STATION_COMMANDER of huu-nghi.
    var commander: String { stage.commanderKey }
    /// STATION_DEPUTY of huu-nghi, without an authorization until a test grants one.
    let deputy: String
    /// STATION_COMMANDER of lao-cai.
    let otherCommander: String
    /// REQUESTER, a procedural agency.
    let requester: String
    /// REQUESTER, a relying party.
    let otherRequester: String
    /// POLICE_APPROVER of unit ca-ha-noi, which `policeUnit` names.
    let police: String
    /// POLICE_APPROVER of unit ca-lang-son.
    let otherPolice: String
    /// The unit `police` heads, where the tests send lock requests.
    let policeUnit = "ca-ha-noi"

    init() async throws {
        stage = try await AuthenticationWorld()
        let daemon = stage.daemon
        deputy = try await daemon.createPrincipal("deputy", roles: [.stationDeputy], stationID: "huu-nghi")
        otherCommander = try await daemon.createPrincipal("commander-lao-cai", roles: [.stationCommander], stationID: "lao-cai")
        requester = try await daemon.createPrincipal("investigation-agency", roles: [.requester], requesterType: .proceduralAgency)
        otherRequester = try await daemon.createPrincipal("bank", roles: [.requester], requesterType: .relyingParty)
        police = try await daemon.createPrincipal("police-head", roles: [.policeApprover], policeUnit: "ca-ha-noi")
        otherPolice = try await daemon.createPrincipal("police-lang-son", roles: [.policeApprover], policeUnit: "ca-lang-son")
    }

    /// Calls the daemon as `apiKey`.
    func with<T: Sendable>(_ apiKey: String, _ body: (VNeIDClient) async throws -> T) async throws -> T {
        try await daemon.withClient(apiKey: apiKey, body)
    }

    /// Registers more accounts (the registry's feed).
    func importAccounts(_ records: [(id: String, organization: String?)]) async throws {
        _ = try await daemon.withClient(apiKey: registry, transport: .grpc) { client in
            try await client.importAccounts { writer in
                try await writer.write(records.enumerated().map { index, record in
                    AccountImportRecord(line: UInt64(index + 1), id: record.id, kind: nil, displayName: "Tài khoản \(record.id)", assuranceLevel: 2, managingOrganizationID: record.organization)
                })
                return 0
            }
        }
    }

    /// The decision on a fresh border-portal token for `subject`.
    func authenticate(_ subject: String, organization: String? = nil, service: String = "border-portal") async throws -> AuthenticationResult {
        let audience = service == "border-portal" ? AuthenticationWorld.borderAudience : AuthenticationWorld.taxAudience
        let token = try stage.mint(AuthenticationWorld.claims(subject, audience: audience, organization: organization))
        return try await stage.authenticate(token, service: service, apiKey: service == "border-portal" ? stage.portalKey : stage.taxKey)
    }

    /// Changes the database directly, in one transaction, as someone with access to it
    /// could (the SQLite file, or the PostgreSQL database).
    func editDatabase(_ statements: String...) async throws {
        try await daemon.database.execute(statements)
    }
}

/// Runs `body`, expects it to fail with `code`, and returns the error's message.
@discardableResult
func expectFailure(_ code: VNeIDClientError.Code, _ body: () async throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) async -> String {
    do {
        try await body()
        Issue.record("expected \(code), but the call succeeded", sourceLocation: sourceLocation)
    } catch let error as VNeIDClientError {
        #expect(error.code == code, "\(error.message)", sourceLocation: sourceLocation)
        return error.message
    } catch {
        Issue.record("expected \(code), got \(error)", sourceLocation: sourceLocation)
    }
    return ""
}
