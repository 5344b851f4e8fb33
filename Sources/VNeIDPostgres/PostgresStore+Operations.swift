import PostgresNIO
import Synchronization
import VNeIDCore

extension PostgresStore: StoreHealth {
    /// Runs one statement through the pool, as every call does: it answers only when a
    /// connection is free and PostgreSQL responds.
    public func probe() async throws {
        try await withSession { session in _ = try session.execute("SELECT 1") }
    }

    /// `pg_database_size` of the database, and this daemon's leased connections.
    public func statistics() async throws -> StoreStatistics {
        let logger = self.logger
        let bytes: Int64 = try await withConnection { connection in
            try await PostgresSession.answer(
                to: "SELECT pg_database_size(current_database())", on: connection,
                timeout: PostgresSession.statementTimeout, logger: logger
            ).rows.first.map { try PostgresColumns($0.makeRandomAccess())(0) } ?? 0
        }
        return StoreStatistics(databaseBytes: bytes, connectionsInUse: leasedConnections.load(ordering: .relaxed), connectionLimit: connectionLimit)
    }
}

extension PostgresStore: StoreBackup {
    /// A shared database is backed up by PostgreSQL's own tools, which copy it while every
    /// daemon goes on writing and keep the history a point-in-time restore needs.
    public func writeBackup(to path: String) async throws -> StoreBackupInfo {
        throw VNeIDError.failedPrecondition("this daemon stores in PostgreSQL (\(location)); back it up with PostgreSQL's tools (pg_basebackup with WAL archiving, or pg_dump), not BackupDatabase")
    }
}
