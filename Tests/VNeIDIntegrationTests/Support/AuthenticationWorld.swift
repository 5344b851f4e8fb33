import Foundation
import VNeIDClient
import VNeIDTestSupport
import VNeIDTokens

/// A daemon trusting a test issuer with one key of each algorithm, two registered
/// services, relying-service principals for them, and a handful of accounts: the stage
/// for authentication tests.
final class AuthenticationWorld: Sendable {
    static let issuer = "https://id.vneid.test"
    static let borderAudience = "https://biencanhdientu.gov.vn"
    static let taxAudience = "urn:vneid:tax"
    /// The status changes the world's own orders make: two locks and a suspension.
    static let statusChangesAtSetUp = 3

    /// Accounts, by role in the tests.
    enum Accounts {
        static let company = "0101234567"
        static let otherCompany = "0109876543"
        static let dissolvedCompany = "0105555555"
        static let driver = "001099012345"          // acts for `company`
        static let loner = "001099012346"           // no managing organization
        static let deceased = "001099012347"        // locked, DECEASED
        static let dissolvedDriver = "001099012348" // acts for `dissolvedCompany`
        static let suspended = "001099012349"       // suspended for border-portal
        static let unregistered = "001099000000"
    }

    let keys: TemporaryDirectory
    let daemon: TestDaemon
    let ed25519: SigningKey
    let p256: SigningKey
    let rsa: SigningKey
    /// RELYING_SERVICE bound to border-portal (level 2, one-time tokens).
    let portalKey: String
    /// RELYING_SERVICE bound to tax-portal (level 1, reusable tokens).
    let taxKey: String
    let auditorKey: String
    /// REGISTRY: imports accounts and records automatic locks.
    let registryKey: String
    /// STATION_COMMANDER of station huu-nghi.
    let commanderKey: String

    var jwksPath: String { keys.path + "/jwks.json" }

    /// The daemon's arguments that make it trust the world's issuer (with metrics on).
    var trustArguments: [String] { ["--trust", "\(Self.issuer)=\(keys.path)/jwks.json", "--metrics-listen", "127.0.0.1:0"] }

    init(daemonArguments: [String] = [], clientTLS: (tls: VNeIDClientConfiguration.TLS, host: String)? = nil, database: String? = nil) async throws {
        keys = try TemporaryDirectory()
        ed25519 = try SigningKey.generate(.edDSA, keyID: "ed-1")
        p256 = try SigningKey.generate(.es256, keyID: "es-1")
        rsa = try SigningKey.generate(.rs256, keyID: "rs-1")
        try Self.writeJWKS([ed25519, p256, rsa], to: keys.path + "/jwks.json")
        daemon = try await TestDaemon(
            arguments: ["--trust", "\(Self.issuer)=\(keys.path)/jwks.json", "--metrics-listen", "127.0.0.1:0"] + daemonArguments,
            clientTLS: clientTLS, database: database
        )
        let admin = try daemon.adminKey
        try await daemon.withClient(apiKey: admin) { client in
            _ = try await client.addService(ServiceSettings(name: "border-portal", audience: Self.borderAudience, minimumLevel: 2, replayProtection: true, borderPortal: true))
            _ = try await client.addService(ServiceSettings(name: "tax-portal", audience: Self.taxAudience, minimumLevel: 1))
        }
        portalKey = try await daemon.createPrincipal("portal", roles: [.relyingService], services: ["border-portal"])
        taxKey = try await daemon.createPrincipal("tax", roles: [.relyingService], services: ["tax-portal"])
        auditorKey = try await daemon.createPrincipal("auditor", roles: [.auditor])
        let registry = try await daemon.createPrincipal("registry", roles: [.registry])
        registryKey = registry
        // Imports are served over gRPC only.
        _ = try await daemon.withClient(apiKey: registry, transport: .grpc) { client in
            try await client.importAccounts { writer in
                try await writer.write([
                    AccountImportRecord(line: 1, id: Accounts.company, kind: nil, displayName: "Công ty Vận tải A", assuranceLevel: 2, managingOrganizationID: nil),
                    AccountImportRecord(line: 2, id: Accounts.otherCompany, kind: nil, displayName: "Công ty B", assuranceLevel: 2, managingOrganizationID: nil),
                    AccountImportRecord(line: 3, id: Accounts.dissolvedCompany, kind: nil, displayName: "Công ty C", assuranceLevel: 2, managingOrganizationID: nil),
                    AccountImportRecord(line: 4, id: Accounts.driver, kind: nil, displayName: "Nguyễn Văn An", assuranceLevel: 2, managingOrganizationID: Accounts.company),
                    AccountImportRecord(line: 5, id: Accounts.loner, kind: nil, displayName: "Trần Thị Bình", assuranceLevel: 1, managingOrganizationID: nil),
                    AccountImportRecord(line: 6, id: Accounts.deceased, kind: nil, displayName: "Lê Văn Cường", assuranceLevel: 2, managingOrganizationID: nil),
                    AccountImportRecord(line: 7, id: Accounts.dissolvedDriver, kind: nil, displayName: "Phạm Văn Dũng", assuranceLevel: 2, managingOrganizationID: Accounts.dissolvedCompany),
                    AccountImportRecord(line: 8, id: Accounts.suspended, kind: nil, displayName: "Hoàng Văn Em", assuranceLevel: 2, managingOrganizationID: nil),
                ])
                return 0
            }
        }
        // Locks and the suspension are made as an official would: by orders.
        let commander = try await daemon.createPrincipal("commander", roles: [.stationCommander], stationID: "huu-nghi")
        commanderKey = commander
        try await daemon.withClient(apiKey: registry) { client in
            _ = try await client.lockAccount(Accounts.deceased, grounds: OrderGrounds(ground: .deceased, documentReference: "Trích lục khai tử 12/2026"), requestID: "world-1")
            _ = try await client.lockAccount(Accounts.dissolvedCompany, grounds: OrderGrounds(ground: .organizationDissolved, documentReference: "ĐKKD giải thể 7/2026"), requestID: "world-2")
        }
        _ = try await daemon.withClient(apiKey: commander) { client in
            try await client.suspendLogin(Accounts.suspended, grounds: OrderGrounds(ground: .securityRisk, text: "test"), requestID: "world-3")
        }
    }

    static func writeJWKS(_ keys: [SigningKey], to path: String) throws {
        try JWKSetFile(keys: keys.map(\.publicJWK)).write(toFile: path)
    }

    /// Claims that the border portal accepts for `subject`: level 2, a fresh jti, ten
    /// minutes of validity.
    static func claims(_ subject: String = Accounts.driver, audience: String = borderAudience, organization: String? = nil) -> TokenClaims {
        let now = Date()
        return TokenClaims(
            issuer: issuer, subject: subject, audiences: [audience], issuedAt: now, expiresAt: now.addingTimeInterval(600),
            assuranceLevel: 2, organizationID: organization, tokenID: UUID().uuidString
        )
    }

    func mint(_ claims: TokenClaims = claims(), key: SigningKey? = nil) throws -> String {
        try TokenMinter.mint(claims, key: key ?? ed25519)
    }

    /// Authenticates for border-portal with the portal's key.
    func authenticate(_ token: String, service: String = "border-portal", apiKey: String? = nil) async throws -> AuthenticationResult {
        try await daemon.withClient(apiKey: apiKey ?? portalKey) { try await $0.authenticate(token: token, service: service) }
    }
}
