import Foundation

/// Reads lines from a file in large chunks, without loading it whole, or from bytes in
/// memory. A line longer than `maximumBytes` is an error, so a file that is not an import
/// file (one without line breaks) cannot make the reader hold it whole.
struct LineReader {
    private let handle: FileHandle?
    private let maximumBytes: Int
    private var buffer: [UInt8]
    private var start = 0
    private var exhausted: Bool
    /// The 1-based number of the line last returned.
    private(set) var lineNumber: UInt64 = 0
    /// Bytes read so far.
    private(set) var bytesRead: UInt64

    init(path: String, maximumBytes: Int) throws(AccountImportFileError) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw AccountImportFileError("cannot open \(path)")
        }
        self.handle = handle
        self.maximumBytes = maximumBytes
        buffer = []
        exhausted = false
        bytesRead = 0
    }

    init(bytes: [UInt8], maximumBytes: Int) {
        handle = nil
        self.maximumBytes = maximumBytes
        buffer = bytes
        exhausted = true
        bytesRead = UInt64(bytes.count)
    }

    /// The next line without its line break (LF or CRLF), or `nil` at the end.
    mutating func next() throws(AccountImportFileError) -> ArraySlice<UInt8>? {
        while true {
            if let newline = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
                return try take(buffer[start..<newline], resumingAt: newline + 1)
            }
            if exhausted {
                guard start < buffer.count else { return nil }
                return try take(buffer[start...], resumingAt: buffer.count)
            }
            guard buffer.count - start <= maximumBytes else { throw tooLong() }
            let chunk: Data
            do { chunk = try handle?.read(upToCount: 1 << 20) ?? Data() } catch {
                throw AccountImportFileError("cannot read the file after \(bytesRead) bytes: \(error.localizedDescription)")
            }
            bytesRead += UInt64(chunk.count)
            if chunk.isEmpty { exhausted = true }
            buffer.removeFirst(start)
            start = 0
            buffer.append(contentsOf: chunk)
        }
    }

    private mutating func take(_ line: ArraySlice<UInt8>, resumingAt next: Int) throws(AccountImportFileError) -> ArraySlice<UInt8> {
        guard line.count <= maximumBytes else { throw tooLong() }
        start = next
        lineNumber += 1
        return line.last == UInt8(ascii: "\r") ? line.dropLast() : line
    }

    private func tooLong() -> AccountImportFileError {
        AccountImportFileError(
            "line \(lineNumber + 1) is longer than \(maximumBytes) bytes; a record must fit on one line (is this an import file?)"
        )
    }
}
