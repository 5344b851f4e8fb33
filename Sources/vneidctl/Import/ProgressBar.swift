import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A one-line progress bar on standard error, drawn only when standard error is a
/// terminal and at most ten times a second.
struct ProgressBar {
    private let total: UInt64
    private let enabled = isatty(STDERR_FILENO) == 1
    private var lastDraw = ContinuousClock.now - .seconds(1)
    private let start = ContinuousClock.now

    init(totalBytes: UInt64) { total = max(totalBytes, 1) }

    mutating func update(bytes: UInt64, records: UInt64) {
        guard enabled, ContinuousClock.now - lastDraw >= .milliseconds(100) else { return }
        lastDraw = .now
        let fraction = min(Double(bytes) / Double(total), 1)
        let width = 30
        let filled = Int(fraction * Double(width))
        let seconds = max((ContinuousClock.now - start) / .seconds(1), 0.001)
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        let line = "\r[\(bar)] \(Int(fraction * 100))%  \(records) records  \(Int(Double(records) / seconds))/s "
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// Clears the bar before the summary is printed.
    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data(("\r" + String(repeating: " ", count: 79) + "\r").utf8))
    }
}
