import Foundation

/// A copy of the daemon's database, as `VNeIDClient.backupDatabase(to:)` received and
/// checked it.
public struct DatabaseBackup: Sendable, Equatable {
    /// The size of the file, in bytes.
    public var sizeBytes: UInt64
    /// SHA-256 of the file, in lowercase hex.
    public var sha256: String
    /// When the daemon took the copy: it holds every write committed before then.
    public var takenAt: Date
    /// The audit log's last entry in the copy (0 when the log is empty); a daemon started
    /// from the copy must verify its audit log up to this head.
    public var auditHeadSequence: UInt64
    /// That entry's hash, in lowercase hex.
    public var auditHeadHash: String
}
