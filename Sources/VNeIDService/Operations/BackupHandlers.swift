import Crypto
import Foundation
import Logging
import SwiftProtobuf
import VNeIDCore
import VNeIDProto

/// Operating the daemon: a consistent copy of the database, sent to the caller while the
/// daemon goes on serving.
public struct BackupHandlers: Sendable {
    let store: any StoreBackup
    let scratchDirectory: String
    let logger: Logger

    /// Bytes per message of the copy.
    static let chunkSize = 256 * 1024

    /// Creates the handlers; the copy is written in `scratchDirectory` (on the database's
    /// file system, so there is room) and removed once sent.
    public init(store: any StoreBackup, scratchDirectory: String, logger: Logger) {
        self.store = store
        self.scratchDirectory = scratchDirectory
        self.logger = logger
    }

    /// Takes the copy, then streams it in chunks and ends with its size, SHA-256 and the
    /// audit head it holds.
    public func backupDatabase(
        _ request: Vneid_V1_BackupDatabaseRequest, caller: Caller, send: @escaping @Sendable (Vneid_V1_BackupChunk) async throws -> Void
    ) async throws {
        let path = scratchDirectory + "/" + RandomIdentifier.make("backup") + ".sqlite"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let info = try await store.writeBackup(to: path)
        var hasher = SHA256()
        var size: UInt64 = 0
        while true {
            let offset = size
            let chunk = try await onDispatchThread { try Self.read(path, at: offset, count: Self.chunkSize) }
            guard !chunk.isEmpty else { break }
            hasher.update(data: chunk)
            size += UInt64(chunk.count)
            try await send(.with { $0.data = chunk })
        }
        let digest = Data(hasher.finalize())
        try await send(.with {
            $0.summary = .with { summary in
                summary.sizeBytes = size
                summary.sha256 = digest
                summary.takenAt = Google_Protobuf_Timestamp(date: info.takenAt)
                summary.auditHeadSequence = info.auditHeadSequence
                summary.auditHeadHash = Data(info.auditHeadHash)
            }
        })
        logger.notice("database backup sent", metadata: [
            "by": "\(caller.principal.name)", "bytes": "\(size)", "audit-head": "\(info.auditHeadSequence)",
        ])
    }

    private static func read(_ path: String, at offset: UInt64, count: Int) throws -> Data {
        let file = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        defer { try? file.close() }
        try file.seek(toOffset: offset)
        return try file.read(upToCount: count) ?? Data()
    }
}
