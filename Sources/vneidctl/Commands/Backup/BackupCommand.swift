import ArgumentParser
import Foundation
import VNeIDClient

/// `vneidctl backup FILE`: a consistent copy of the daemon's database, taken while it serves.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the daemon's database, consistently and while it serves, into FILE (ADMIN or AUDITOR).",
        discussion: """
            The copy holds every write committed before it began. It is checked against the \
            size and SHA-256 the daemon sends and written owner-only. Start a daemon from it \
            with `vneidd --restore FILE`; `vneidctl audit verify` on that daemon must reach \
            the audit head printed here.
            """
    )

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "The file to write; it must not exist unless --force is given.")
    var file: String

    @Flag(help: "Replace FILE if it exists.")
    var force = false

    func run() async throws {
        try await reportingFailures {
            if FileManager.default.fileExists(atPath: file) {
                guard force else {
                    throw CommandFailure(message: "\(file) exists; choose another name or pass --force", exitCode: .validationFailure)
                }
                try FileManager.default.removeItem(atPath: file)
            }
            let backup = try await connection.withClient { try await $0.backupDatabase(to: file) }
            if output.json {
                struct View: Encodable { var file: String; var sizeBytes: UInt64; var sha256: String; var takenAt: Date; var auditHeadSequence: UInt64; var auditHeadHash: String }
                try Printer.json(View(
                    file: file, sizeBytes: backup.sizeBytes, sha256: backup.sha256, takenAt: backup.takenAt,
                    auditHeadSequence: backup.auditHeadSequence, auditHeadHash: backup.auditHeadHash
                ))
            } else {
                Printer.text("""
                    backed up \(backup.sizeBytes) bytes to \(file), taken at \(backup.takenAt.formatted(.iso8601))
                    sha256 \(backup.sha256)
                    audit head: entry \(backup.auditHeadSequence), hash \(backup.auditHeadHash)

                    """)
            }
        }
    }
}
