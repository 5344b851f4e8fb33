import struct Foundation.Date

/// Persistent storage of principals and their API keys.
///
/// Guarantees beyond those of `VNeIDStore`: every change appends its audit entry, as done
/// by `actor`, in its own transaction, binding the principal with its keys' secret hashes;
/// `credential(apiKeyID:)` reads the key and principal as committed, revocations included
/// (the service layer's short credential cache in front of it is what bounds how long a
/// revoked key still passes on a daemon that did not revoke it).
public protocol PrincipalStore: Sendable {
    /// Whether any principal exists at all (the daemon bootstraps an admin when none does).
    func hasPrincipals() async throws -> Bool

    /// Stores a new principal with its first key, in one transaction. Throws
    /// `alreadyExists` when the name is taken.
    func insertPrincipal(_ principal: Principal, firstKey: APIKeyCredential, by actor: AuditActor) async throws

    /// The principal whose id or name is `idOrName`, with its keys.
    func principal(idOrName: String) async throws -> Principal?

    /// All principals, oldest first, with their keys.
    func principals(includeRevoked: Bool) async throws -> [Principal]

    /// Marks a principal and all its keys revoked. Throws `notFound` or, when it is
    /// revoked already, `failedPrecondition`.
    func revokePrincipal(id: String, at now: Date, by actor: AuditActor) async throws -> Principal

    /// Stores one more key for an active principal. Throws `failedPrecondition` when the
    /// principal is revoked.
    func insertAPIKey(_ key: APIKeyCredential, by actor: AuditActor) async throws

    /// Marks one key revoked. Throws `notFound` or, when it is revoked already,
    /// `failedPrecondition`.
    func revokeAPIKey(id: String, at now: Date, by actor: AuditActor) async throws -> APIKeyInfo

    /// The stored key with `id` and its principal, for authenticating a caller.
    func credential(apiKeyID id: String) async throws -> (key: APIKeyCredential, principal: Principal)?
}
