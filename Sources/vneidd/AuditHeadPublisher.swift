import Foundation
import Logging
import ServiceLifecycle
import VNeIDCore
import VNeIDService

/// Signs the audit chain's head when the daemon starts (`publish()`, called before it
/// listens) and then every `interval` (`run()`), and publishes each signed head twice: as a log line (which a log pipeline carries off this
/// machine) and as a line appended to `DATA_DIR/audit-heads.jsonl`. Anyone holding one of
/// them can later run `vneidctl audit verify --against` to prove the chain still holds it.
struct AuditHeadPublisher: Service {
    let store: any VNeIDStore
    let key: AuditSigningKey
    let journalPath: String
    let interval: Duration
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while (try? await Task.sleep(for: interval)) != nil {
                do {
                    try await publish()
                } catch {
                    logger.warning("cannot sign the audit head (tried again in \(interval)): \(error)")
                }
            }
        }
    }

    /// Signs the head now and publishes it.
    func publish() async throws {
        let head = try await AuditHeadSigning.signHead(of: store, with: key)
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = .sortedKeys
        let line = String(decoding: try encoder.encode(SignedAuditHeadDocument(head)), as: UTF8.self)
        logger.notice("audit head signed", metadata: ["sequence": "\(head.sequence)", "key": "\(head.keyID)", "head": "\(line)"])
        try await Self.append(line + "\n", to: journalPath)
    }

    /// Appends and syncs `text` on a Dispatch thread: file I/O never runs on a thread of
    /// the Swift concurrency pool, and nothing here waits on that pool, so it cannot
    /// deadlock.
    private static func append(_ text: String, to path: String) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            DispatchQueue.global(qos: .utility).async {
                let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o600)
                guard descriptor >= 0 else {
                    continuation.resume(throwing: ConfigurationError("cannot open \(path): \(String(cString: strerror(errno)))"))
                    return
                }
                defer { close(descriptor) }
                let bytes = Array(text.utf8)
                guard write(descriptor, bytes, bytes.count) == bytes.count, fsync(descriptor) == 0 else {
                    continuation.resume(throwing: ConfigurationError("cannot write \(path): \(String(cString: strerror(errno)))"))
                    return
                }
                continuation.resume()
            }
        }
    }
}
