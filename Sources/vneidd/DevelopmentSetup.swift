import Foundation
import Logging
import VNeIDCore
import VNeIDService
import VNeIDTokens

/// The development issuer and demo data behind `vneidd --dev-issuer` (the default of
/// `tools/run`), so that a token can be minted and authenticated on a laptop in three
/// commands. Never for production: the daemon says so at every start.
enum DevelopmentSetup {
    /// The `iss` of development tokens.
    static let issuer = "urn:vneid:dev-issuer"
    static let keyID = "dev-1"
    static let serviceName = "dev-portal"
    static let audience = "urn:vneid:dev-portal"

    /// Creates, once, the issuer key and JWKS in `DATA_DIR/dev-issuer`, the `dev-portal`
    /// service, a RELYING_SERVICE principal and an AUDITOR principal (their keys in
    /// `DATA_DIR/dev-portal.key` and `DATA_DIR/dev-auditor.key`), and two demo accounts.
    ///
    /// - Returns: the issuer to trust.
    static func prepare(in dataDirectory: DataDirectory, store: any VNeIDStore, logger: Logger) async throws -> TrustedIssuer {
        let keys = SigningKeyDirectory(path: dataDirectory.path + "/dev-issuer")
        let keyPath = keys.keyPath(for: keyID)
        if !FileManager.default.fileExists(atPath: keyPath) {
            try keys.createKey(.edDSA, keyID: keyID)
        }
        logger.warning("""
            a DEVELOPMENT token issuer is trusted (\(issuer), key \(keyPath)): anyone who can read that file can \
            mint tokens. Never run --dev-issuer in production.
            """)
        if try await store.service(named: ServiceName(trusted: serviceName)) == nil {
            let now = Date()
            try await store.addService(RegisteredService(
                name: ServiceName(trusted: serviceName), audience: audience, minimumLevel: .level1,
                replayProtection: false, createdAt: now, updatedAt: now
            ), by: .system)
            try await createPrincipal("dev-portal", roles: [.relyingService], services: [serviceName], keyFile: "dev-portal.key", in: dataDirectory, store: store)
            try await createPrincipal("dev-auditor", roles: [.auditor], services: [], keyFile: "dev-auditor.key", in: dataDirectory, store: store)
            let organization = try AccountRecord(id: "0101234567", kind: nil, displayName: "Công ty TNHH Vận tải Biên giới (demo)", assuranceLevel: 2, managingOrganizationID: nil)
            let citizen = try AccountRecord(id: "001099000001", kind: nil, displayName: "Nguyễn Văn An (demo)", assuranceLevel: 2, managingOrganizationID: "0101234567")
            _ = try await store.importAccounts([organization, citizen], at: now)
            logger.notice("development setup created: service \(serviceName) (audience \(audience)), principals dev-portal and dev-auditor, accounts 0101234567 and 001099000001")
        }
        try await prepareOfficials(in: dataDirectory, store: store, logger: logger)
        return TrustedIssuer(issuer: issuer, jwksPath: keys.jwksPath)
    }

    /// The border portal and one principal for each role the orders need, each with its
    /// key in `DATA_DIR/NAME.key`; a station `dev-station` and a Police unit `dev-police-unit`.
    /// Each is created only if missing.
    private static func prepareOfficials(in dataDirectory: DataDirectory, store: any VNeIDStore, logger: Logger) async throws {
        if try await store.service(named: ServiceName(trusted: "border-portal")) == nil {
            let now = Date()
            try await store.addService(RegisteredService(
                name: ServiceName(trusted: "border-portal"), audience: "urn:vneid:dev:border-portal", minimumLevel: .level2,
                replayProtection: false, isBorderPortal: true, createdAt: now, updatedAt: now
            ), by: .system)
        }
        let station = StationID(trusted: "dev-station")
        try await createPrincipal("dev-border-portal", roles: [.relyingService], services: ["border-portal"], keyFile: "dev-border-portal.key", in: dataDirectory, store: store)
        try await createPrincipal("dev-registry", roles: [.registry], services: [], keyFile: "dev-registry.key", in: dataDirectory, store: store)
        try await createPrincipal("dev-requester", roles: [.requester], services: [], requesterType: .proceduralAgency, keyFile: "dev-requester.key", in: dataDirectory, store: store)
        try await createPrincipal("dev-police", roles: [.policeApprover], services: [], policeUnit: PoliceUnitID(trusted: "dev-police-unit"), keyFile: "dev-police.key", in: dataDirectory, store: store)
        try await createPrincipal("dev-commander", roles: [.stationCommander], services: [], stationID: station, keyFile: "dev-commander.key", in: dataDirectory, store: store)
        try await createPrincipal("dev-deputy", roles: [.stationDeputy], services: [], stationID: station, keyFile: "dev-deputy.key", in: dataDirectory, store: store)
    }

    /// Creates the principal unless one of that name exists (an operator may have revoked
    /// it: that stands).
    private static func createPrincipal(
        _ name: String, roles: Set<Role>, services: [String], requesterType: RequesterType? = nil,
        stationID: StationID? = nil, policeUnit: PoliceUnitID? = nil, keyFile: String, in dataDirectory: DataDirectory, store: any VNeIDStore
    ) async throws {
        guard try await store.principal(idOrName: name) == nil else { return }
        let (_, key) = try await APIKeyIssuer.createPrincipal(
            name: name, roles: roles, services: services.map(ServiceName.init(trusted:)),
            requesterType: requesterType, stationID: stationID, policeUnit: policeUnit, in: store, at: Date(), by: .system
        )
        try? FileManager.default.removeItem(atPath: dataDirectory.path + "/" + keyFile)
        try dataDirectory.writeNewPrivateFile(dataDirectory.path + "/" + keyFile, contents: key.text + "\n")
    }
}
