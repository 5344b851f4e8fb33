import ArgumentParser
import Foundation
import Synchronization
import VNeIDClient

/// `vneidctl accounts import FILE`: bulk import from CSV or JSON Lines.
struct ImportAccounts: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import accounts from a CSV or JSON Lines file (upsert by id, one transaction).",
        discussion: """
            CSV needs a header row naming its columns: id, display_name, assurance_level, \
            and optionally kind (citizen|organization) and managing_organization_id. JSON \
            Lines has one object per line with the same keys. A citizen's managing \
            organization must be registered already or be in the same file.

            By default nothing is imported if any line is bad, and every bad line is listed \
            (exit 2). With --skip-invalid the good records are imported and the bad ones \
            listed. Importing the same file again changes nothing and says so.
            """
    )

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "The file to import.")
    var file: String

    @Option(help: "csv or jsonl. Default: from the file's extension (.jsonl and .ndjson are JSON Lines).")
    var format: AccountImportFileFormat?

    @Flag(help: "Import the good records and skip the bad ones, instead of importing nothing.")
    var skipInvalid = false

    @Option(help: "Records per message sent to the daemon.")
    var batchSize = 2000

    func run() async throws {
        let format = format ?? AccountImportFileFormat(guessingFrom: file)
        let totalBytes = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? UInt64) ?? 0
        let problems = LineProblems()
        let start = ContinuousClock.now
        try await reportingFailures {
            let summary: AccountImportSummary
            do {
                summary = try await VNeIDClient.withConnection(try connection.clientConfiguration()) { client in
                    try await client.importAccounts(options: .init(skipInvalid: skipInvalid)) { writer in
                        try await Self.stream(file: file, format: format, batchSize: batchSize, totalBytes: totalBytes, into: writer, problems: problems)
                    }
                }
            } catch let error as AccountImportFileError {
                throw CommandFailure(message: "\(file): \(error.description)", exitCode: ExitCode(2))
            } catch var error as VNeIDClientError {
                // One list of every bad line, the client's and the daemon's, in file order.
                error.violations = (error.violations + problems.all.map {
                    VNeIDClientError.Violation(field: "line \($0.line)", description: $0.reason)
                }).sorted { Self.lineNumber($0.field) < Self.lineNumber($1.field) }
                throw CommandFailure(error)
            }
            let seconds = (ContinuousClock.now - start) / .seconds(1)
            try report(summary, problems: problems, seconds: seconds)
        }
    }

    private static func stream(
        file: String, format: AccountImportFileFormat, batchSize: Int, totalBytes: UInt64,
        into writer: AccountImportWriter, problems: LineProblems
    ) async throws -> UInt64 {
        var reader = try AccountImportFileReader(path: file, format: format)
        var progress = ProgressBar(totalBytes: totalBytes)
        var batch: [AccountImportRecord] = []
        batch.reserveCapacity(batchSize)
        var sent: UInt64 = 0
        while let item = try reader.next() {
            switch item {
            case .record(let record): batch.append(record)
            case .problem(let problem): problems.add(line: problem.line, reason: problem.reason)
            }
            if batch.count >= batchSize {
                try await writer.write(batch)
                sent += UInt64(batch.count)
                batch.removeAll(keepingCapacity: true)
                progress.update(bytes: reader.bytesRead, records: sent)
            }
        }
        if !batch.isEmpty { try await writer.write(batch) }
        progress.finish()
        return problems.count
    }

    private func report(_ summary: AccountImportSummary, problems: LineProblems, seconds: Double) throws {
        if output.json {
            struct Report: Encodable {
                struct Rejection: Encodable { var line: UInt64; var accountID: String?; var reason: String }
                var received, created, updated, unchanged, rejected: UInt64
                var seconds: Double
                var rejections: [Rejection]
            }
            let rejections = (problems.all.map { Report.Rejection(line: $0.line, reason: $0.reason) }
                + summary.rejections.map { Report.Rejection(line: $0.line, accountID: $0.accountID, reason: $0.reason) })
                .sorted { $0.line < $1.line }
            try Printer.json(Report(
                received: summary.received, created: summary.created, updated: summary.updated,
                unchanged: summary.unchanged, rejected: summary.rejected, seconds: seconds, rejections: rejections
            ))
            return
        }
        if summary.rejected > 0 {
            let lines = (problems.all.map { ($0.line, $0.reason) } + summary.rejections.map { ($0.line, $0.reason) })
                .sorted { $0.0 < $1.0 }
                .map { "  line \($0.0): \($0.1)\n" }.joined()
            FileHandle.standardError.write(Data("Skipped \(summary.rejected) bad records:\n\(lines)".utf8))
        }
        let rate = seconds > 0 ? Int(Double(summary.received) / seconds) : 0
        if summary.changedNothing, summary.rejected == 0 {
            Printer.text("Nothing changed: all \(summary.unchanged) records of \(file) are registered already as given.\n")
        } else {
            Printer.text("Imported \(file): \(summary.received) records, \(summary.created) created, \(summary.updated) updated, \(summary.unchanged) unchanged, \(summary.rejected) skipped as bad (\(String(format: "%.1f", seconds)) s, \(rate) records/s).\n")
        }
    }
}

extension ImportAccounts {
    /// The number in a violation's field such as `line 17`, for sorting.
    static func lineNumber(_ field: String) -> UInt64 {
        UInt64(field.split(separator: " ").last ?? "") ?? 0
    }
}

/// The lines the client could not parse, gathered while streaming.
final class LineProblems: Sendable {
    struct Problem: Sendable { var line: UInt64; var reason: String }
    private let problems = Mutex<[Problem]>([])

    func add(line: UInt64, reason: String) { problems.withLock { $0.append(Problem(line: line, reason: reason)) } }
    var all: [Problem] { problems.withLock { $0 } }
    var count: UInt64 { UInt64(problems.withLock { $0.count }) }
}

extension AccountImportFileFormat: ExpressibleByArgument {}
