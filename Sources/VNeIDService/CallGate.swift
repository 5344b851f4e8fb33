import Logging
import VNeIDCore

/// The gate every call of every transport passes before a handler runs: the API key it
/// carries becomes a caller (`unauthenticated` otherwise), and the access policy decides
/// whether that caller may call the method (`permissionDenied` otherwise).
///
/// Transports only take the key from where they carry it (gRPC's `authorization: Bearer`
/// metadata, a frame's `api_key`) and report the errors in their own framing; who the
/// caller is and what it may do is decided here, once.
public struct CallGate: Sendable {
    /// Turns API keys into callers.
    public let authenticator: APIKeyAuthenticator
    /// Who may call which method.
    public let policy: AccessPolicy
    private let logger: Logger

    /// Creates the gate over `authenticator` and `policy`.
    public init(authenticator: APIKeyAuthenticator, policy: AccessPolicy, logger: Logger) {
        self.authenticator = authenticator
        self.policy = policy
        self.logger = logger
    }

    /// The caller of `method` presenting `apiKey`, once it may call it.
    ///
    /// - Parameters:
    ///   - apiKey: the key as presented, `nil` when the call carries none.
    ///   - method: the method's full name, `vneid.v1.AccountService/GetAccountStatus`.
    public func authorize(apiKey: Substring?, method: String) async throws(VNeIDError) -> Caller {
        let caller = try await authenticator.authenticate(apiKey: apiKey)
        ObservedCall.current?.note("principal", caller.principal.name)
        try policy.authorize(caller, toCall: method)
        return caller
    }

    /// What a caller learns of a failure that is not a domain error: that it is internal,
    /// and where the details are. The details go to the log, never to the caller.
    public func internalError(_ error: any Error, in method: String) -> VNeIDError {
        logger.error("RPC failed with an internal error", metadata: ["method": "\(method)", "error": "\(String(reflecting: error))"])
        return .internalError("internal error in \(method); the daemon's log has the details")
    }
}
