import Foundation
import Logging
import VNeIDCore
import VNeIDTokens

/// Every handler of the VNeID API, built once over one store and shared by every
/// transport (gRPC today, the lean checkpoint transport later), with the authenticator
/// that turns an API key into a caller.
public struct ServiceLayer: Sendable {
    /// Turns API keys into callers.
    public let authenticator: APIKeyAuthenticator
    /// The per-call gate of every transport: API key, caller, access policy.
    public let gate: CallGate
    /// Account registry RPCs.
    public let accounts: AccountHandlers
    /// Principal and API-key RPCs.
    public let principals: PrincipalHandlers
    /// Services registry RPCs.
    public let services: ServiceRegistryHandlers
    /// Token authentication and history RPCs.
    public let authentication: AuthenticationHandlers
    /// Order RPCs.
    public let orders: OrderHandlers
    /// Station-authorization RPCs.
    public let authorizations: AuthorizationHandlers
    /// Notice RPCs.
    public let notices: NoticeHandlers
    /// The status-change stream.
    public let statusChanges: StatusChangeHandlers
    /// Audit-log RPCs.
    public let audit: AuditHandlers
    /// Operating the daemon: database backups.
    public let backups: BackupHandlers
    /// Wakes the streaming RPCs when orders commit; `beginShutdown()` closes it.
    public let changes: ChangeSignal
    /// Whether the daemon serves, for every transport's health check.
    public let serving = ServingState()
    /// The limits every request message is checked against before a handler sees it.
    public let inputLimits: InputLimits

    /// Builds the handlers; `auditKey` signs the audit chain's heads.
    public init(
        store: any VNeIDStore, verifier: TokenVerifier, replayGuard: ReplayGuard,
        recorder: AuthenticationHistoryRecorder, settings: AuthenticationSettings,
        calendar: WorkingDayCalendar, auditKey: AuditSigningKey, inputLimits: InputLimits = InputLimits(),
        watchStallTimeout: Duration = .seconds(30), scratchDirectory: String = NSTemporaryDirectory(),
        sharing: StoreSharing = .exclusive, logger: Logger
    ) {
        self.inputLimits = inputLimits
        authenticator = APIKeyAuthenticator(store: store, cacheTimeToLive: sharing.credentialCacheTimeToLive)
        gate = CallGate(authenticator: authenticator, policy: .standard, logger: logger)
        accounts = AccountHandlers(store: store, logger: logger)
        principals = PrincipalHandlers(store: store, authenticator: authenticator, logger: logger)
        services = ServiceRegistryHandlers(store: store, logger: logger)
        authentication = AuthenticationHandlers(
            store: store, verifier: verifier, replayGuard: replayGuard, recorder: recorder, settings: settings
        )
        changes = ChangeSignal()
        orders = OrderHandlers(store: store, calendar: calendar, changes: changes, logger: logger)
        authorizations = AuthorizationHandlers(store: store, logger: logger)
        let watches = WatchLoop(changes: changes, stallTimeout: watchStallTimeout, pollInterval: sharing.watchPollInterval, logger: logger)
        notices = NoticeHandlers(store: store, watches: watches, logger: logger)
        statusChanges = StatusChangeHandlers(store: store, watches: watches)
        audit = AuditHandlers(store: store, signingKey: auditKey, logger: logger)
        backups = BackupHandlers(store: store, scratchDirectory: scratchDirectory, logger: logger)
    }

    /// Starts the daemon's graceful shutdown for every transport at once: health answers
    /// NOT_SERVING, new calls are refused with `UNAVAILABLE`, and open watches end (they
    /// would otherwise hold the transports' drain open for ever). The daemon calls it
    /// before its transports stop accepting calls; calling it again does nothing more.
    public func beginShutdown() {
        serving.beginShutdown()
        changes.close()
    }
}
