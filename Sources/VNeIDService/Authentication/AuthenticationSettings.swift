import Foundation

/// How strictly and how cacheably tokens are judged.
public struct AuthenticationSettings: Sendable, Equatable {
    /// How far apart our clock and the issuer's may be, in seconds, for `exp`, `nbf` and
    /// `iat`. Default 60.
    public var clockSkew: TimeInterval
    /// How long, in seconds, a caller may reuse an answer that depends on the account's
    /// status (capped by the token's expiry). Default 5; 0 tells callers not to reuse.
    public var answerReuse: TimeInterval
    /// The longest, in seconds, a one-time token may still be valid when presented to a
    /// service with replay protection. The replay guard remembers each such token until it
    /// expires, so this bounds its memory: about the rate of one-time logins times this.
    /// Default 3600.
    public var oneTimeTokenLifetime: TimeInterval

    /// Creates settings.
    public init(clockSkew: TimeInterval = 60, answerReuse: TimeInterval = 5, oneTimeTokenLifetime: TimeInterval = 3600) {
        self.clockSkew = clockSkew
        self.answerReuse = answerReuse
        self.oneTimeTokenLifetime = oneTimeTokenLifetime
    }
}
