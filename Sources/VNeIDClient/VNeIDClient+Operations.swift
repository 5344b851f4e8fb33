import Crypto
import Foundation
import GRPCCore
import SwiftProtobuf
import VNeIDGRPCStubs
import VNeIDProto

extension VNeIDClient {
    /// Receives a consistent copy of the daemon's database, taken while it serves, into a
    /// new file at `path` (ADMIN or AUDITOR). The copy is written to `path.partial`, checked
    /// against the size and SHA-256 the daemon sends last, and only then renamed to `path`;
    /// a copy that does not check is deleted and the call fails with `dataLoss`.
    public func backupDatabase(to path: String) async throws(VNeIDClientError) -> DatabaseBackup {
        let partial = path + ".partial"
        do {
            return try await mappingErrors {
                guard FileManager.default.createFile(atPath: partial, contents: nil, attributes: [.posixPermissions: 0o600]),
                      let file = FileHandle(forWritingAtPath: partial)
                else {
                    throw VNeIDClientError(code: .invalidArgument, message: "cannot create \(partial)")
                }
                defer { try? file.close() }
                var options = self.options
                options.timeout = nil  // A large database takes as long as it takes.
                let operationsService = Vneid_V1_OperationsService.Client(wrapping: try grpcOnly("BackupDatabase"))
                let (summary, size, digest) = try await operationsService.backupDatabase(
                    Vneid_V1_BackupDatabaseRequest(), metadata: metadata, options: options
                ) { response in
                    var hasher = SHA256()
                    var size: UInt64 = 0
                    var summary: Vneid_V1_BackupSummary?
                    for try await chunk in response.messages {
                        if chunk.hasSummary { summary = chunk.summary }
                        guard !chunk.data.isEmpty else { continue }
                        try file.write(contentsOf: chunk.data)
                        hasher.update(data: chunk.data)
                        size += UInt64(chunk.data.count)
                    }
                    return (summary, size, Data(hasher.finalize()))
                }
                try file.synchronize()
                guard let summary, summary.sizeBytes == size, summary.sha256 == digest else {
                    throw VNeIDClientError(code: .dataLoss, message: "the copy received (\(size) bytes) does not match what the daemon sent; nothing was kept, try again")
                }
                try FileManager.default.moveItem(atPath: partial, toPath: path)
                return DatabaseBackup(
                    sizeBytes: size, sha256: digest.hexString, takenAt: summary.takenAt.date,
                    auditHeadSequence: summary.auditHeadSequence, auditHeadHash: summary.auditHeadHash.hexString
                )
            }
        } catch {
            try? FileManager.default.removeItem(atPath: partial)
            throw error
        }
    }
}

extension Data {
    fileprivate var hexString: String { Hex.encode(Array(self)) }
}
