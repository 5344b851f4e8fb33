import struct Foundation.Date

/// What a consistent copy of the store holds, to check it and record it beside the file.
public struct StoreBackupInfo: Sendable, Equatable {
    /// When the copy was taken: it holds every write committed before then.
    public var takenAt: Date
    /// The audit log's last entry in the copy (0 when the log is empty).
    public var auditHeadSequence: UInt64
    /// That entry's hash (empty when the log is empty).
    public var auditHeadHash: [UInt8]

    /// Describes a copy.
    public init(takenAt: Date, auditHeadSequence: UInt64, auditHeadHash: [UInt8]) {
        self.takenAt = takenAt
        self.auditHeadSequence = auditHeadSequence
        self.auditHeadHash = auditHeadHash
    }
}
