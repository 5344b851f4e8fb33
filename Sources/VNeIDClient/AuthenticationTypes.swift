import Foundation
import VNeIDCore

/// The daemon's answer to an Authenticate call.
public struct AuthenticationResult: Sendable, Hashable {
    /// ALLOW, or DENY with one reason.
    public enum Decision: Sendable, Hashable {
        /// The login may proceed.
        case allow
        /// The login may not proceed.
        case deny(DenyReason)
    }

    /// The decision.
    public var decision: Decision
    /// What exactly was checked or failed.
    public var detail: String
    /// For `accountLocked`: the grounds of the lock.
    public var lockReason: LockReason?
    /// The token's `sub`, once its signature verified.
    public var accountID: String?
    /// The account's kind, when it is registered.
    public var kind: AccountKind?
    /// The account's name in the registry, when it is registered.
    public var displayName: String?
    /// The account's assurance level in the registry, when it is registered.
    public var accountLevel: AssuranceLevel?
    /// The level of this login: the token's `loa`, or 1 without it.
    public var loginLevel: AssuranceLevel?
    /// The organization the person acts for (`org`), when given.
    public var organizationID: String?
    /// The account's status version at the decision, 0 when unknown.
    public var statusVersion: UInt64
    /// The token's `exp`, once its signature verified.
    public var tokenExpiresAt: Date?
    /// How long the same token's answer may be reused without asking again.
    public var reusableFor: Duration
    /// The token's `jti`, when it has one.
    public var tokenID: String?

    /// Whether the login may proceed.
    public var isAllowed: Bool { decision == .allow }

    /// The deny reason, or `nil` for ALLOW.
    public var denyReason: DenyReason? {
        if case .deny(let reason) = decision { return reason }
        return nil
    }
}

/// The settings of a relying service to register or change.
public struct ServiceSettings: Sendable, Hashable {
    /// The service's name, such as `border-portal`.
    public var name: String
    /// The value tokens' `aud` must contain.
    public var audience: String
    /// The lowest assurance level accepted; `nil` means 2 when adding and "unchanged"
    /// when updating.
    public var minimumLevel: Int?
    /// Whether tokens are one-time (`jti` replay protection).
    public var replayProtection: Bool
    /// Whether it is a Border E-procedure Portal, whose login border guard stations may
    /// suspend and restore.
    public var borderPortal: Bool

    /// Creates settings.
    public init(name: String, audience: String, minimumLevel: Int? = nil, replayProtection: Bool = false, borderPortal: Bool = false) {
        self.name = name
        self.audience = audience
        self.minimumLevel = minimumLevel
        self.replayProtection = replayProtection
        self.borderPortal = borderPortal
    }
}

/// One page of an account's authentication history.
public struct AuthenticationHistoryPage: Sendable, Hashable {
    /// Newest first.
    public var records: [AuthenticationRecord]
    /// Pass it to get the next (older) page; `nil` on the last page.
    public var nextPageToken: String?
}
