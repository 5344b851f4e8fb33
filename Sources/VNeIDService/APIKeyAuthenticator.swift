import Crypto
import Foundation
import Synchronization
import VNeIDCore

/// Turns the credential a call carries into a `Caller`, or refuses it.
///
/// Keys are looked up by their public id and the SHA-256 of their secret compared in
/// constant time with the stored hash. Verified credentials are cached for a short time so
/// that the hot path does not read the database on every call; revoking through this
/// daemon drops the cache entry at once, and the time-to-live bounds how long a
/// revocation made elsewhere (another daemon on a shared database) takes to be seen.
public final class APIKeyAuthenticator: Sendable {
    private struct CacheEntry: Sendable {
        var secretHash: [UInt8]
        var caller: Caller?
        var expires: ContinuousClock.Instant
    }

    private let store: any PrincipalStore
    private let cacheTimeToLive: Duration
    private let cache = Mutex<[String: CacheEntry]>([:])
    /// Loads under way, by key id: calls that miss the cache at once share one read.
    private let loading = Mutex<[String: Task<CacheEntry, any Error>]>([:])
    private static let maximumCacheEntries = 10_000

    /// Creates an authenticator over `store`.
    public init(store: any PrincipalStore, cacheTimeToLive: Duration = .seconds(5)) {
        self.store = store
        self.cacheTimeToLive = cacheTimeToLive
    }

    /// Authenticates an API key as presented (`vneid_<id>_<secret>`); each transport takes
    /// it from where it carries it.
    ///
    /// Throws `unauthenticated` with a message saying what is wrong: no key, a malformed
    /// one, an unknown key, or a revoked key or principal.
    public func authenticate(apiKey presented: Substring?) async throws(VNeIDError) -> Caller {
        guard let presented, !presented.isEmpty else {
            throw .unauthenticated("no API key: every call must carry the caller's key")
        }
        guard let key = APIKeyText(parsing: presented) else {
            throw .unauthenticated("malformed API key: expected vneid_<id>_<secret>")
        }
        let presentedHash = Array(SHA256.hash(data: Data(key.secret.utf8)))
        let now = ContinuousClock.now
        let cached = cache.withLock { $0[key.id] }
        let entry: CacheEntry
        if let cached, cached.expires > now {
            entry = cached
        } else {
            entry = try await sharedLoad(keyID: key.id, now: now)
        }
        guard let caller = entry.caller, Self.constantTimeEquals(entry.secretHash, presentedHash) else {
            throw .unauthenticated("API key \(key.id) is unknown or revoked")
        }
        return caller
    }

    /// Drops any cached verification of the keys of `principalID`, after a revocation.
    public func forget(principalID: String) {
        cache.withLock { cache in cache = cache.filter { $0.value.caller?.principal.id != principalID } }
    }

    /// Drops any cached verification of one key, after a revocation.
    public func forget(apiKeyID: String) {
        _ = cache.withLock { $0.removeValue(forKey: apiKeyID) }
    }

    /// Loads the key's entry once for every call that needs it now: when an entry
    /// expires under load, the calls in flight wait for one read rather than each making
    /// its own.
    private func sharedLoad(keyID: String, now: ContinuousClock.Instant) async throws(VNeIDError) -> CacheEntry {
        let task = loading.withLock { loading in
            if let running = loading[keyID] { return running }
            let task = Task { () throws -> CacheEntry in try await self.load(keyID: keyID, now: now) }
            loading[keyID] = task
            return task
        }
        let result = await task.result
        loading.withLock { loading in
            if loading[keyID] == task { loading[keyID] = nil }
        }
        do {
            return try result.get()
        } catch let error as VNeIDError {
            throw error
        } catch {
            throw .unavailable("cannot check the API key right now (storage failure); retry")
        }
    }

    private func load(keyID: String, now: ContinuousClock.Instant) async throws(VNeIDError) -> CacheEntry {
        let found: (key: APIKeyCredential, principal: Principal)?
        do {
            found = try await store.credential(apiKeyID: keyID)
        } catch {
            throw .unavailable("cannot check the API key right now (storage failure); retry")
        }
        var entry = CacheEntry(secretHash: [], caller: nil, expires: now + cacheTimeToLive)
        if let found, found.key.info.revokedAt == nil, found.principal.isActive {
            entry.secretHash = found.key.secretHash
            entry.caller = Caller(principal: found.principal, apiKeyID: keyID)
        }
        cache.withLock { cache in
            if cache.count >= Self.maximumCacheEntries { cache.removeAll(keepingCapacity: true) }
            cache[keyID] = entry
        }
        return entry
    }

    private static func constantTimeEquals(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices { difference |= lhs[index] ^ rhs[index] }
        return difference == 0
    }
}
