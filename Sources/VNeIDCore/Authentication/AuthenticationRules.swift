import Foundation

/// The rules that join a verified token with the service it is presented to and the
/// account it is about. Pure functions: no clock, no storage.
///
/// The checks before these (shape, algorithm, key, signature, issuer) belong to the token
/// verifier, and replay to the service layer; together they apply `DenyReason` in order.
public enum AuthenticationRules {
    /// Time, audience and assurance checks, in that order, at `now` with a tolerance of
    /// `clockSkew` seconds either way.
    ///
    /// A token is expired from the instant `now >= exp + clockSkew`, and not yet valid
    /// while `now + clockSkew < nbf` (or `iat`). For a service with replay protection, a
    /// token still valid for more than `oneTimeTokenLifetime` (plus the skew) is refused as
    /// malformed: the replay guard would have to remember it that long.
    public static func checkClaims(
        _ token: VerifiedToken, for service: RegisteredService, at now: Date, clockSkew: TimeInterval,
        oneTimeTokenLifetime: TimeInterval = 3600
    ) -> Denial? {
        if now >= token.expiresAt.addingTimeInterval(clockSkew) {
            return Denial(.expired, "the token expired at \(token.expiresAt.iso8601) (clock skew tolerance \(Int(clockSkew)) s)")
        }
        // A one-time token is remembered until it expires; one valid for years would be
        // remembered for years. Issuers' one-time login tokens live minutes.
        if service.replayProtection, token.expiresAt.timeIntervalSince(now) > oneTimeTokenLifetime + clockSkew {
            return Denial(
                .malformedToken,
                "service \(service.name) accepts one-time tokens valid for at most \(Int(oneTimeTokenLifetime)) s; this one is valid until \(token.expiresAt.iso8601)"
            )
        }
        let latestStart = now.addingTimeInterval(clockSkew)
        if let notBefore = token.notBefore, notBefore > latestStart {
            return Denial(.notYetValid, "the token is not valid before \(notBefore.iso8601) (nbf)")
        }
        if let issuedAt = token.issuedAt, issuedAt > latestStart {
            return Denial(.notYetValid, "the token claims to be issued in the future, at \(issuedAt.iso8601) (iat)")
        }
        guard token.audiences.contains(service.audience) else {
            let given = token.audiences.isEmpty ? "no audience" : token.audiences.map { "'\($0)'" }.joined(separator: ", ")
            return Denial(.wrongAudience, "service \(service.name) needs audience '\(service.audience)'; the token has \(given)")
        }
        if token.effectiveAssuranceLevel < service.minimumLevel {
            let stated = token.assuranceLevel == nil ? "no loa claim, which counts as level 1" : "loa \(token.effectiveAssuranceLevel.rawValue)"
            return Denial(.insufficientAssurance, "service \(service.name) needs assurance level \(service.minimumLevel.rawValue); the token has \(stated)")
        }
        return nil
    }

    /// Account checks, in order: registered, not locked, not suspended for the service,
    /// and, when the token names an organization, that organization is registered, not
    /// locked, and the account's managing organization.
    ///
    /// - Parameters:
    ///   - account: the token subject's account, `nil` when not registered.
    ///   - organization: the `org` claim's account, `nil` when not registered; ignored
    ///     when the token has no `org` claim.
    public static func checkStanding(
        _ token: VerifiedToken, account: AccountSnapshot?, organization: AccountSnapshot?, service: ServiceName
    ) -> Denial? {
        guard let account else {
            return Denial(.unknownAccount, "no account \(token.subject) is registered")
        }
        if case .locked(let lock) = account.status.state {
            return Denial(.accountLocked, "account \(token.subject) is locked (\(lock.reason.rawValue)) since \(lock.since.iso8601)", lockReason: lock.reason)
        }
        if let suspension = account.status.suspensions.first(where: { $0.service == service.rawValue }) {
            return Denial(.suspendedForService, "account \(token.subject) is suspended for \(service) by station \(suspension.stationID) since \(suspension.since.iso8601)")
        }
        guard let organizationID = token.organizationID else { return nil }
        guard let organization else {
            return Denial(.organizationNotValid, "organization \(organizationID) named by the org claim is not registered")
        }
        if case .locked(let lock) = organization.status.state {
            return Denial(.organizationNotValid, "organization \(organizationID) is locked (\(lock.reason.rawValue)) since \(lock.since.iso8601)")
        }
        guard account.account.record.managingOrganizationID == organizationID else {
            let actual = account.account.record.managingOrganizationID.map { "is \($0)" } ?? "is not recorded"
            return Denial(.organizationNotValid, "organization \(organizationID) is not the managing organization of \(token.subject) (which \(actual))")
        }
        return nil
    }
}

extension Date {
    /// The date in ISO 8601, UTC; for messages.
    var iso8601: String { ISO8601Format() }
}
