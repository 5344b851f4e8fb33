import Foundation

/// Reads a file line by line in large chunks, without loading it whole.
struct LineReader {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var start = 0
    private var exhausted = false
    /// The 1-based number of the line last returned.
    private(set) var lineNumber: UInt64 = 0
    /// Bytes read from the file so far.
    private(set) var bytesRead: UInt64 = 0

    init(path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ImportFileError("cannot open \(path)")
        }
        self.handle = handle
    }

    /// The next line without its line break (LF or CRLF), or `nil` at the end.
    mutating func next() throws -> ArraySlice<UInt8>? {
        while true {
            if let newline = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
                var line = buffer[start..<newline]
                start = newline + 1
                if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
                lineNumber += 1
                return line
            }
            if exhausted {
                guard start < buffer.count else { return nil }
                let line = buffer[start...]
                start = buffer.count
                lineNumber += 1
                return line.last == UInt8(ascii: "\r") ? line.dropLast() : line
            }
            let chunk = try handle.read(upToCount: 1 << 20) ?? Data()
            bytesRead += UInt64(chunk.count)
            if chunk.isEmpty { exhausted = true }
            buffer.removeFirst(start)
            start = 0
            buffer.append(contentsOf: chunk)
        }
    }
}

/// A problem with the import file as a whole (not one line of it).
struct ImportFileError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
