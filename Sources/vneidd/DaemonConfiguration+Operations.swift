/// How the daemon writes its log lines.
enum LogFormat: String, CaseIterable {
    /// `swift-log`'s stream format, for a person at a terminal.
    case text
    /// One JSON object per line, for a log pipeline (`JSONLogHandler`).
    case json
}

extension DaemonConfiguration {
    /// Applies the log format and the reflection switch from any source; `nil` leaves a
    /// value as it is.
    mutating func applyOperations(logFormat: String?, reflection: Bool?, source: String) throws {
        if let logFormat {
            guard let format = LogFormat(rawValue: logFormat.lowercased()) else {
                throw ConfigurationError("log format '\(logFormat)' from \(source) is not one of \(LogFormat.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            self.logFormat = format
        }
        if let reflection { self.reflection = reflection }
    }
}
