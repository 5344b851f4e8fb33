/// A store that can say whether it answers, and how large and busy it is, for health
/// checks and metrics.
public protocol StoreHealth: Sendable {
    /// Runs the store's cheapest read through the same path every read takes; throws
    /// when the store cannot answer.
    func probe() async throws

    /// The store's size and, for a store reached over connections, how many are in use.
    func statistics() async throws -> StoreStatistics
}

/// What a store reports of itself for the daemon's metrics.
public struct StoreStatistics: Sendable, Equatable {
    /// The bytes the database takes: the SQLite file with its WAL, or the PostgreSQL
    /// database as `pg_database_size` counts it.
    public var databaseBytes: Int64
    /// Connections of this daemon's pool leased now; `nil` for an embedded store.
    public var connectionsInUse: Int?
    /// The most connections this daemon's pool opens; `nil` for an embedded store.
    public var connectionLimit: Int?

    /// Creates statistics.
    public init(databaseBytes: Int64, connectionsInUse: Int? = nil, connectionLimit: Int? = nil) {
        self.databaseBytes = databaseBytes
        self.connectionsInUse = connectionsInUse
        self.connectionLimit = connectionLimit
    }
}
