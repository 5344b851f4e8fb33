import Foundation
import Logging
import VNeIDCore
import VNeIDService
import VNeIDSQLite
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
    static func prepare(in dataDirectory: DataDirectory, store: SQLiteStore, logger: Logger) async throws -> TrustedIssuer {
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
            ))
            try await createPrincipal("dev-portal", roles: [.relyingService], services: [serviceName], keyFile: "dev-portal.key", in: dataDirectory, store: store)
            try await createPrincipal("dev-auditor", roles: [.auditor], services: [], keyFile: "dev-auditor.key", in: dataDirectory, store: store)
            let organization = try AccountRecord(id: "0101234567", kind: nil, displayName: "Công ty TNHH Vận tải Biên giới (demo)", assuranceLevel: 2, managingOrganizationID: nil)
            let citizen = try AccountRecord(id: "001099000001", kind: nil, displayName: "Nguyễn Văn An (demo)", assuranceLevel: 2, managingOrganizationID: "0101234567")
            _ = try await store.importAccounts([organization, citizen], at: now)
            logger.notice("development setup created: service \(serviceName) (audience \(audience)), principals dev-portal and dev-auditor, accounts 0101234567 and 001099000001")
        }
        return TrustedIssuer(issuer: issuer, jwksPath: keys.jwksPath)
    }

    /// Creates the principal unless one of that name exists (an operator may have revoked
    /// it: that stands).
    private static func createPrincipal(
        _ name: String, roles: Set<Role>, services: [String], keyFile: String,
        in dataDirectory: DataDirectory, store: SQLiteStore
    ) async throws {
        guard try await store.principal(idOrName: name) == nil else { return }
        let (_, key) = try await APIKeyIssuer.createPrincipal(
            name: name, roles: roles, services: services.map(ServiceName.init(trusted:)), in: store, at: Date()
        )
        try? FileManager.default.removeItem(atPath: dataDirectory.path + "/" + keyFile)
        try dataDirectory.writeNewPrivateFile(dataDirectory.path + "/" + keyFile, contents: key.text + "\n")
    }
}
