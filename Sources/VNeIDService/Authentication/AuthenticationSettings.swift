import Foundation

/// How strictly and how cacheably tokens are judged.
public struct AuthenticationSettings: Sendable, Equatable {
    /// How far apart our clock and the issuer's may be, in seconds, for `exp`, `nbf` and
    /// `iat`. Default 60.
    public var clockSkew: TimeInterval
    /// How long, in seconds, a caller may reuse an answer that depends on the account's
    /// status (capped by the token's expiry). Default 5; 0 tells callers not to reuse.
    public var answerReuse: TimeInterval

    /// Creates settings.
    public init(clockSkew: TimeInterval = 60, answerReuse: TimeInterval = 5) {
        self.clockSkew = clockSkew
        self.answerReuse = answerReuse
    }
}
