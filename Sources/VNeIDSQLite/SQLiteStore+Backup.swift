import Foundation
import GRDB
import VNeIDCore

extension SQLiteStore: StoreBackup {
    /// Copies the database with SQLite's online backup API from one reader connection, in
    /// one read transaction: a consistent snapshot, while the writer goes on committing
    /// (WAL). GRDB's backup is synchronous, so it runs on a dispatch thread.
    public func writeBackup(to path: String) async throws -> StoreBackupInfo {
        let pool = self.pool
        return try await onDispatchThread {
            guard !FileManager.default.fileExists(atPath: path) else {
                throw VNeIDError.internalError("backup file \(path) exists already")
            }
            let takenAt = Date()
            let destination = try DatabaseQueue(path: path)
            defer { try? destination.close() }
            try pool.backup(to: destination)
            let head = try destination.read { db in
                try Row.fetchOne(db, sql: "SELECT sequence, hash FROM audit_log ORDER BY sequence DESC LIMIT 1")
            }
            return StoreBackupInfo(
                takenAt: takenAt,
                auditHeadSequence: UInt64((head?["sequence"] as Int64?) ?? 0),
                auditHeadHash: (head?["hash"] as Data?).map { [UInt8]($0) } ?? []
            )
        }
    }

    /// Puts the backup at `backupPath` in place of the database at `databasePath`, after
    /// checking that it is a whole VNeID database. A database already there is moved aside,
    /// never deleted; its new path is returned. Call before the store is opened.
    public static func restore(from backupPath: String, to databasePath: String, at now: Date = Date()) throws -> String? {
        do {
            var configuration = Configuration()
            configuration.readonly = true
            let backup = try DatabaseQueue(path: backupPath, configuration: configuration)
            defer { try? backup.close() }
            try backup.read { db in
                let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check")
                guard integrity == ["ok"] else {
                    throw VNeIDError.invalidArgument("\(backupPath) is damaged: \(integrity.prefix(3).joined(separator: "; "))")
                }
                guard try db.tableExists("audit_log"), try db.tableExists("accounts"), try db.tableExists("principals") else {
                    throw VNeIDError.invalidArgument("\(backupPath) is an SQLite file but not a VNeID Gate database")
                }
            }
        } catch let error as DatabaseError {
            throw VNeIDError.invalidArgument("\(backupPath) is not a readable SQLite database: \(error.message ?? "\(error)")")
        }
        let files = FileManager.default
        var movedAside: String?
        if files.fileExists(atPath: databasePath) {
            let formatter = DateFormatter()
            formatter.dateFormat = "yyyyMMdd-HHmmss"
            formatter.timeZone = TimeZone(identifier: "UTC")
            let aside = databasePath + ".replaced-" + formatter.string(from: now)
            for suffix in ["", "-wal", "-shm"] where files.fileExists(atPath: databasePath + suffix) {
                try files.moveItem(atPath: databasePath + suffix, toPath: aside + suffix)
            }
            movedAside = aside
        }
        let incoming = databasePath + ".restoring"
        try? files.removeItem(atPath: incoming)
        try files.copyItem(atPath: backupPath, toPath: incoming)
        try files.moveItem(atPath: incoming, toPath: databasePath)
        return movedAside
    }
}
