import ArgumentParser
import Foundation
import VNeIDClient

/// `vneidctl audit head [--out FILE]`: the chain's head, signed by the daemon's audit key.
struct AuditHeadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "head",
        abstract: "Save the audit chain's head, signed by the daemon's audit key (AUDITOR or ADMIN).",
        discussion: """
            Hand the file to a second party (another agency, an archive) that keeps it where this \
            machine's operators cannot change it. 'vneidctl audit verify --against FILE' later proves \
            the chain still holds the signed entry: a cut tail or a chain re-hashed after an edit fails.
            """
    )

    @OptionGroup var connection: ConnectionOptions

    @Option(help: "Write the signed head to this new file (refused if it exists); default: standard output.")
    var out: String?

    func run() async throws {
        try await reportingFailures {
            let head = try await connection.withClient { try await $0.auditHead() }
            let text = try SignedHeadFile.encode(head)
            if let out {
                try SignedHeadFile.writeNew(text, to: out)
                Printer.text("entry \(head.sequence), key \(head.keyID), signed \(Printer.date(head.signedAt)): saved to \(out)\n")
            } else {
                Printer.text(text)
            }
        }
    }
}

/// The file form of a signed head (`SignedAuditHeadDocument`, snake_case JSON).
enum SignedHeadFile {
    static func encode(_ head: SignedAuditHead) throws -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        return String(decoding: try encoder.encode(SignedAuditHeadDocument(head)), as: UTF8.self) + "\n"
    }

    /// Reads a head saved by `audit head` or one line of the daemon's audit-heads.jsonl.
    static func read(_ path: String) throws -> SignedAuditHead {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure(message: "cannot read \(path)", exitCode: ExitCode(2))
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do {
            return try decoder.decode(SignedAuditHeadDocument.self, from: data).head()
        } catch let error as VNeIDError {
            throw CommandFailure(message: "\(path) is not a signed audit head: \(error.message)", exitCode: ExitCode(2))
        } catch {
            throw CommandFailure(message: "\(path) is not a signed audit head (JSON as 'vneidctl audit head' writes it): \(error)", exitCode: ExitCode(2))
        }
    }

    /// Writes `text` to a new file; an existing file is never overwritten.
    static func writeNew(_ text: String, to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard descriptor >= 0 else {
            throw CommandFailure(message: "cannot create \(path): \(String(cString: strerror(errno)))", exitCode: ExitCode(2))
        }
        defer { close(descriptor) }
        let bytes = Array(text.utf8)
        guard write(descriptor, bytes, bytes.count) == bytes.count else {
            throw CommandFailure(message: "cannot write \(path): \(String(cString: strerror(errno)))", exitCode: ExitCode(2))
        }
    }
}
