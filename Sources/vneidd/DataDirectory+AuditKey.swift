import Foundation
import VNeIDCore

extension DataDirectory {
    /// The daemon's audit key: 32 raw Ed25519 bytes in base64, readable only by the owner.
    var auditKeyPath: String { path + "/audit.key" }
    /// Every head the daemon signed on its own, one JSON object per line.
    var auditHeadsPath: String { path + "/audit-heads.jsonl" }

    /// The audit key, created on first use. Keep it with the database: heads signed with
    /// it verify only against a daemon that holds it.
    func loadOrCreateAuditKey() throws -> AuditSigningKey {
        if FileManager.default.fileExists(atPath: auditKeyPath) {
            guard let text = try? String(contentsOfFile: auditKeyPath, encoding: .utf8),
                  let raw = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines))
            else {
                throw ConfigurationError("cannot read the audit key \(auditKeyPath): it must hold one base64 line (32 bytes)")
            }
            do { return try AuditSigningKey(rawRepresentation: [UInt8](raw)) } catch {
                throw ConfigurationError("the audit key \(auditKeyPath) is unusable: \(error.message)")
            }
        }
        let key = AuditSigningKey.generate()
        try writeNewPrivateFile(auditKeyPath, contents: Data(key.rawRepresentation).base64EncodedString() + "\n")
        return key
    }
}
