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
/// Each line goes out in one `write(2)` on the unbuffered standard error, so lines from
/// concurrent tasks never interleave; a log write is as blocking as swift-log's own
/// stream handler's.
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
