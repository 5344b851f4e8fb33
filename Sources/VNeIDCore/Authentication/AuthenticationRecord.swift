import struct Foundation.Date

/// One entry of the authentication history: a decision and what it was about.
public struct AuthenticationRecord: Sendable, Hashable {
    /// Allowed, or denied for a reason.
    public enum Outcome: Sendable, Hashable {
        /// The login may proceed.
        case allowed
        /// The login may not proceed.
        case denied(DenyReason)
    }

    /// Position in the history; assigned by the store, increasing with time. Zero before
    /// the record is stored.
    public var sequence: Int64
    /// When the decision was made.
    public var time: Date
    /// The account, when the token's signature verified (an unverified `sub` is not
    /// attributed to anyone).
    public var accountID: AccountID?
    /// The service named in the request.
    public var service: ServiceName
    /// The principal that asked.
    public var callerID: String
    /// The decision.
    public var outcome: Outcome
    /// The token's `jti`, when it had one and its signature verified.
    public var tokenID: String?
    /// The token's issuer, when its signature verified.
    public var issuer: String?

    /// Creates a record.
    public init(
        sequence: Int64 = 0, time: Date, accountID: AccountID?, service: ServiceName,
        callerID: String, outcome: Outcome, tokenID: String?, issuer: String?
    ) {
        self.sequence = sequence
        self.time = time
        self.accountID = accountID
        self.service = service
        self.callerID = callerID
        self.outcome = outcome
        self.tokenID = tokenID
        self.issuer = issuer
    }
}

/// A one-time token that was presented to a service with replay protection: it may not be
/// presented again before it expires.
public struct SpentToken: Sendable, Hashable {
    /// The issuer (`iss`).
    public var issuer: String
    /// The token id (`jti`).
    public var tokenID: String
    /// Until when it must be remembered: its expiry plus the clock-skew tolerance.
    public var rememberUntil: Date

    /// Creates a spent-token entry.
    public init(issuer: String, tokenID: String, rememberUntil: Date) {
        self.issuer = issuer
        self.tokenID = tokenID
        self.rememberUntil = rememberUntil
    }

    /// Which token this is, whatever its memory: (`iss`, `jti`).
    public struct Identity: Sendable, Hashable {
        public var issuer: String
        public var tokenID: String

        /// The token `tokenID` of `issuer`.
        public init(issuer: String, tokenID: String) {
            self.issuer = issuer
            self.tokenID = tokenID
        }
    }

    /// Which token this is.
    public var identity: Identity { Identity(issuer: issuer, tokenID: tokenID) }
}
