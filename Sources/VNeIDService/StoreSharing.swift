/// Whether other daemons write the same store, and so how long what this daemon keeps in
/// memory, or waits for, may lag behind what they commit.
///
/// A daemon alone on its store knows every commit as it makes it: revocations drop its
/// credential cache at once and watches wake on its own commits, so a cache entry may live
/// for seconds and a watch re-reads the store only as a safety net. Daemons sharing a
/// store learn of each other's commits only by reading it, so those bounds become the
/// bounds of propagation across the cluster.
public struct StoreSharing: Sendable, Equatable {
    /// How long a verified API key is trusted without reading the store again: the bound
    /// on how long a key or principal revoked through another daemon still passes here.
    public var credentialCacheTimeToLive: Duration
    /// How long a watch waits for a commit of this daemon before reading the store again:
    /// the bound on how late a change committed through another daemon is delivered.
    public var watchPollInterval: Duration

    /// The store is this daemon's alone (the embedded SQLite store).
    public static let exclusive = StoreSharing(credentialCacheTimeToLive: .seconds(5), watchPollInterval: .seconds(1))
    /// Several daemons write the store (PostgreSQL).
    public static let shared = StoreSharing(credentialCacheTimeToLive: .milliseconds(50), watchPollInterval: .milliseconds(50))

    /// Sets both bounds.
    public init(credentialCacheTimeToLive: Duration, watchPollInterval: Duration) {
        self.credentialCacheTimeToLive = credentialCacheTimeToLive
        self.watchPollInterval = watchPollInterval
    }
}
