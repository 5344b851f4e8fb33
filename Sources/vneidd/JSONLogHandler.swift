import Foundation
import Logging
import VNeIDTokens

/// Writes each log entry to standard error as one JSON object on one line, for log
/// pipelines: `time` (RFC 3339, UTC, milliseconds), `level`, `logger`, `message`, then
/// the entry's metadata as top-level string fields (`method`, `principal`, `account`,
/// `order`, `code`, `duration_ms`, ...). A metadata key that would shadow one of those
/// four is prefixed with `meta_`.
///
/// Secrets never reach it: the daemon logs no API key, password or token, only ids and
/// names (tested by `OperationsTests`).
///
/// Each line is made whole first and handed to the unbuffered standard error in one
/// write, without a lock: the kernel writes a line of up to `PIPE_BUF` (4 KiB) to a pipe
/// in one piece, so lines from concurrent tasks do not interleave (error details are cut
/// to 512 characters, so lines stay well under it). A log write blocks its thread as long
/// as swift-log's own stream handler's does, and never waits for another writer.
struct JSONLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    init(label: String, level: Logger.Level) {
        self.label = label
        logLevel = level
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    private static let reserved: Set<String> = ["time", "level", "logger", "message"]

    func log(event: LogEvent) {
        var fields: [String: String] = [:]
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let explicit = event.metadata { merged.merge(explicit) { _, new in new } }
        for (key, value) in merged {
            fields[Self.reserved.contains(key) ? "meta_" + key : key] = "\(value)"
        }
        if let error = event.error { fields["error"] = "\(error)" }
        fields["time"] = Self.timestamp(Date())
        fields["level"] = event.level.rawValue
        fields["logger"] = label
        fields["message"] = event.message.description
        var text = "{"
        for (index, key) in (["time", "level", "logger", "message"] + fields.keys.filter { !Self.reserved.contains($0) }.sorted()).enumerated() {
            if index > 0 { text += "," }
            text += JSONValue.quoted(key) + ":" + JSONValue.quoted(fields[key] ?? "")
        }
        text += "}\n"
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// RFC 3339 in UTC with milliseconds: `2026-11-23T20:41:07.123Z`.
    static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
