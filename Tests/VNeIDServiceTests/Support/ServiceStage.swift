import Foundation
import Logging
import SwiftProtobuf
import VNeIDCore
import VNeIDProto
import VNeIDService
import VNeIDSQLite
import VNeIDTestSupport
import VNeIDTokens

/// The service layer over a real SQLite store in a temporary directory, with a trusted
/// test issuer, a one-time-token service `border-portal`, one citizen account and a
/// relying-service caller: the stage for in-process tests of the handlers, so that a
/// failure points at the service layer rather than at a transport.
final class ServiceStage: Sendable {
    static let issuer = "https://id.vneid.test"
    static let audience = "https://biencanhdientu.gov.vn"
    static let citizen = "001099012345"

    let directory: TemporaryDirectory
    let store: SQLiteStore
    let signingKey: SigningKey
    let replayGuard = ReplayGuard()
    let recorder: AuthenticationHistoryRecorder
    let layer: ServiceLayer
    let portal: Caller
    private let recording: Task<Void, Never>

    var databasePath: String { directory.path + "/vneid.sqlite" }

    init() async throws {
        directory = try TemporaryDirectory()
        store = try SQLiteStore(path: directory.path + "/vneid.sqlite")
        signingKey = try SigningKey.generate(.edDSA, keyID: "ed-1")
        try JWKSetFile(keys: [signingKey.publicJWK]).write(toFile: directory.path + "/jwks.json")
        let (trustStore, _) = try TrustStore.load(issuers: [TrustedIssuer(issuer: Self.issuer, jwksPath: directory.path + "/jwks.json")])
        let logger = Logger(label: "vneid.test")
        recorder = AuthenticationHistoryRecorder(store: store, logger: logger)
        layer = ServiceLayer(
            store: store, verifier: TokenVerifier(trustStore: trustStore), replayGuard: replayGuard,
            recorder: recorder, settings: AuthenticationSettings(), calendar: try WorkingDayCalendar.bundled(), auditKey: .generate(), logger: logger
        )
        let now = Date()
        let service = try ServiceName(validating: "border-portal")
        try await store.addService(
            RegisteredService(name: service, audience: Self.audience, minimumLevel: .level2, replayProtection: true, createdAt: now, updatedAt: now),
            by: .system
        )
        _ = try await store.importAccounts(
            [try AccountRecord(id: Self.citizen, kind: nil, displayName: "Nguyễn Văn An", assuranceLevel: 2, managingOrganizationID: nil)],
            at: now
        )
        portal = Caller(
            principal: Principal(id: "p-portal", name: "portal", roles: [.relyingService], services: [service], createdAt: now),
            apiKeyID: "k-portal"
        )
        recording = Task { [recorder] in await recorder.run() }
    }

    deinit {
        recorder.close()
        recording.cancel()
    }

    /// A fresh one-time token for the citizen, valid for ten minutes.
    func token() throws -> String {
        let now = Date()
        return try TokenMinter.mint(TokenClaims(
            issuer: Self.issuer, subject: Self.citizen, audiences: [Self.audience], issuedAt: now,
            expiresAt: now.addingTimeInterval(600), assuranceLevel: 2, tokenID: UUID().uuidString
        ), key: signingKey)
    }

    /// Asks the service layer to authenticate `token` for the border portal.
    func authenticate(_ token: String) async throws -> Vneid_V1_AuthenticateResponse {
        try await layer.authentication.authenticate(.with {
            $0.token = token
            $0.service = "border-portal"
        }, caller: portal)
    }
}
