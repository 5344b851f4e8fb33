import Foundation
import Logging
import SwiftProtobuf
import VNeIDCore
import VNeIDProto
import VNeIDService
import VNeIDSQLite
import VNeIDTokens

/// The service layer over a real SQLite store in a temporary directory, for the `handler`
/// fuzz target: each input names a unary method and a caller's role, and its request goes
/// through what the gate does (decoding, the input limits, the access policy) and then the
/// method's handler, which writes to the store when the request is valid.
///
/// libFuzzer calls the target synchronously on its own thread; `call` waits there for the
/// handler's task with a semaphore. That thread is not one of the Swift concurrency pool's,
/// so the wait cannot starve the task it waits for.
final class HandlerStage: Sendable {
    static let citizen = "001099012345"
    static let organization = "0101234567"

    private let layer: ServiceLayer
    private let recorder: AuthenticationHistoryRecorder
    /// One caller per role, each principal as the daemon would hold it.
    let callers: [Caller]

    /// The stage's temporary directory, removed when the process exits.
    private static let directory = NSTemporaryDirectory() + "vneid-fuzz-handler-\(getpid())"

    static let shared: HandlerStage = {
        do { return try HandlerStage() } catch { fatalError("cannot set up the handler stage: \(error)") }
    }()

    private init() throws {
        let directory = Self.directory
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: HandlerStage.directory) }
        let store = try SQLiteStore(path: directory + "/vneid.sqlite")
        let key = try SigningKey.generate(.edDSA, keyID: "fuzz-1")
        try JWKSetFile(keys: [key.publicJWK]).write(toFile: directory + "/jwks.json")
        let (trustStore, _) = try TrustStore.load(issuers: [TrustedIssuer(issuer: "urn:fuzz", jwksPath: directory + "/jwks.json")])
        var logger = Logger(label: "vneid.fuzz")
        logger.logLevel = .critical
        let recorder = AuthenticationHistoryRecorder(store: store, logger: logger)
        self.recorder = recorder
        layer = ServiceLayer(
            store: store, verifier: TokenVerifier(trustStore: trustStore), replayGuard: ReplayGuard(), recorder: recorder,
            settings: AuthenticationSettings(), calendar: try WorkingDayCalendar.bundled(), auditKey: .generate(),
            scratchDirectory: directory, logger: logger
        )
        let now = Date()
        let service = try ServiceName(validating: "border-portal")
        let station = try StationID(validating: "huu-nghi")
        let unit = try PoliceUnitID(validating: "ca-ha-noi")
        callers = Role.allCases.map { role in
            Caller(
                principal: Principal(
                    id: "p-\(role.rawValue.lowercased())", name: role.rawValue.lowercased(), roles: [role],
                    services: role == .relyingService ? [service] : [], createdAt: now,
                    requesterType: role == .requester ? .competentAuthority : nil,
                    stationID: role == .stationCommander || role == .stationDeputy ? station : nil,
                    policeUnit: role == .policeApprover ? unit : nil
                ),
                apiKeyID: "k-\(role.rawValue.lowercased())"
            )
        }
        Thread.detachNewThread { Self.wait { await recorder.run() } }
        Self.wait {
            try? await store.addService(
                RegisteredService(name: service, audience: "urn:fuzz:portal", minimumLevel: .level2, replayProtection: true, isBorderPortal: true, createdAt: now, updatedAt: now),
                by: .system
            )
            // Lock requests go to a unit some stored approver belongs to.
            _ = try? await APIKeyIssuer.createPrincipal(name: "unit-head", roles: [.policeApprover], services: [], policeUnit: unit, in: store, at: now, by: .system)
            _ = try? await store.importAccounts([
                try AccountRecord(id: Self.organization, kind: nil, displayName: "Công ty", assuranceLevel: 2, managingOrganizationID: nil),
                try AccountRecord(id: Self.citizen, kind: nil, displayName: "Nguyễn Văn An", assuranceLevel: 2, managingOrganizationID: nil),
            ], at: now)
        }
    }

    /// Runs `request` (bytes) as `method` for `caller`, as the gate and the handler would.
    /// Any error is an answer; only an error that is not a `VNeIDError` (a status the
    /// caller could not act on) is a finding, and so are a trap and a hang.
    func call(_ method: UnaryMethod, caller: Caller, request bytes: [UInt8]) {
        let layer = layer
        Self.wait {
            do {
                let request = try method.decode(bytes)
                try layer.inputLimits.check(request)
                try AccessPolicy.standard.authorize(caller, toCall: method.name)
                _ = try await method.handle(request, caller: caller, in: layer)
            } catch is VNeIDError {
            } catch {
                fatalError("\(method.name) answered an error that is not a VNeIDError: \(type(of: error)): \(error)")
            }
        }
    }

    /// Runs `work` in a task and blocks this thread until it ends. Its callers are
    /// libFuzzer's thread, the replayer's synchronous `main` and the recorder's own
    /// `Thread`, never a Swift task: a task blocking here could hold the pool thread that
    /// `work` needs. The precondition makes that a trap instead of a hang.
    private static func wait(_ work: @escaping @Sendable () async -> Void) {
        precondition(withUnsafeCurrentTask { $0 == nil }, "HandlerStage.wait blocks its thread; call it from outside any Swift task")
        let done = DispatchSemaphore(value: 0)
        Task {
            await work()
            done.signal()
        }
        done.wait()
    }
}
