import struct Foundation.Date

/// An API key as stored: its description, its owner, and the SHA-256 hash of its secret.
public struct APIKeyCredential: Sendable, Hashable {
    /// The key's public description.
    public var info: APIKeyInfo
    /// The principal the key belongs to.
    public var principalID: String
    /// SHA-256 of the key's secret part.
    public var secretHash: [UInt8]

    /// Creates a stored credential.
    public init(info: APIKeyInfo, principalID: String, secretHash: [UInt8]) {
        self.info = info
        self.principalID = principalID
        self.secretHash = secretHash
    }
}

/// Persistent storage of principals and their API keys. Every change is appended to the
/// audit log in its own transaction, as done by `actor`.
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

/// Everything the daemon stores, behind one value chosen at start-up.
public typealias VNeIDStore = AccountStore & PrincipalStore & ServiceStore & AuthenticationHistoryStore & OrderStore & StoreHealth & StoreBackup
