import VNeIDCore

/// The formats of account import files.
public enum AccountImportFileFormat: String, Sendable, CaseIterable {
    /// CSV (RFC 4180 quoting, one record per line) with a header row naming the columns:
    /// `id`, `display_name`, `assurance_level`, and optionally `kind` and
    /// `managing_organization_id`, in any order.
    case csv
    /// JSON Lines: one object per line with the same keys as the CSV columns.
    case jsonLines = "jsonl"

    /// The format a file's name suggests: `.jsonl` and `.ndjson` are JSON Lines, anything
    /// else CSV.
    public init(guessingFrom path: String) {
        self = path.hasSuffix(".jsonl") || path.hasSuffix(".ndjson") ? .jsonLines : .csv
    }
}

/// A problem with an import file as a whole, not one line of it: it cannot be read, its
/// CSV header is wrong, or a line is too long to be a record.
public struct AccountImportFileError: Error, CustomStringConvertible, Sendable {
    /// What is wrong, for a person.
    public let description: String

    /// Creates an error saying `description`.
    public init(_ description: String) { self.description = description }
}

/// One line of an import file that is not a record.
public struct AccountImportLineProblem: Sendable, Equatable {
    /// The 1-based line number.
    public var line: UInt64
    /// Why, for a person: "has 2 fields; the header has 3".
    public var reason: String
}

/// Reads an account import file record by record, without loading it whole.
///
/// Each line is a record or a problem with that line; blank lines are skipped. Text is
/// taken exactly as written: a line that is not UTF-8 is a problem, never repaired. The
/// daemon validates the records themselves (ids, levels, organizations).
///
/// ```swift
/// var reader = try AccountImportFileReader(path: "accounts.csv", format: .csv)
/// while let item = try reader.next() { ... }
/// ```
public struct AccountImportFileReader {
    /// One line's outcome.
    public enum Item: Sendable, Equatable {
        /// A record to send to the daemon.
        case record(AccountImportRecord)
        /// A line that is not one, and why.
        case problem(AccountImportLineProblem)
    }

    /// The longest line read, in bytes; a longer one ends the read with an
    /// `AccountImportFileError`.
    public static let maximumLineBytes = 64 * 1024

    private var lines: LineReader
    private var parser: any RecordParser

    /// Opens the file at `path`; for CSV, reads its header row.
    public init(path: String, format: AccountImportFileFormat) throws(AccountImportFileError) {
        try self.init(lines: LineReader(path: path, maximumBytes: Self.maximumLineBytes), format: format)
    }

    /// Reads a file's whole `contents` from memory; for CSV, reads its header row.
    public init(contents: [UInt8], format: AccountImportFileFormat) throws(AccountImportFileError) {
        try self.init(lines: LineReader(bytes: contents, maximumBytes: Self.maximumLineBytes), format: format)
    }

    private init(lines: LineReader, format: AccountImportFileFormat) throws(AccountImportFileError) {
        self.lines = lines
        switch format {
        case .jsonLines:
            parser = JSONLinesRecordParser()
        case .csv:
            var header: ArraySlice<UInt8>?
            while let line = try self.lines.next() {
                if !Self.isBlank(line) { header = line; break }
            }
            guard let header else { throw AccountImportFileError("the file is empty; a CSV file needs a header row") }
            parser = try CSVRecordParser(header: header)
        }
    }

    /// The next record or problem, or `nil` at the end of the file.
    public mutating func next() throws(AccountImportFileError) -> Item? {
        while let line = try lines.next() {
            if Self.isBlank(line) { continue }
            do {
                return .record(try parser.parse(line, lineNumber: lines.lineNumber))
            } catch {
                return .problem(AccountImportLineProblem(line: lines.lineNumber, reason: error.reason))
            }
        }
        return nil
    }

    /// Bytes of the file read so far, for progress.
    public var bytesRead: UInt64 { lines.bytesRead }

    private static func isBlank(_ line: ArraySlice<UInt8>) -> Bool {
        line.allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
    }
}
