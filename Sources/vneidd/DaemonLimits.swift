import Foundation
import VNeIDGRPC
import VNeIDService

/// The limits an operator can set, by name, from any source: `--limit NAME=VALUE` (repeat
/// it), `VNEID_LIMITS=NAME=VALUE,NAME=VALUE`, or the configuration file's `limits` object.
struct DaemonLimits: Equatable {
    var server = ServerConfiguration.Limits()
    var input = InputLimits()
    /// How long a watch's write may wait for a reader that stopped reading.
    var watchStallTimeout: Duration = .seconds(30)
    /// The longest a one-time token may still be valid when presented, in seconds.
    var oneTimeTokenLifetime = 3_600
    /// Seconds between the audit heads the daemon signs on its own.
    var auditHeadInterval = 3_600
    /// Most connections to a PostgreSQL store this daemon opens.
    var databaseConnections = 32
    /// Days authentication decisions are kept; 0 keeps them for ever.
    var historyRetentionDays = 365

    /// One settable limit: its name, what it means, its allowed range, and where it goes.
    struct Setting: Sendable {
        let name: String
        let meaning: String
        let range: ClosedRange<Int>
        let apply: @Sendable (inout DaemonLimits, Int) -> Void
        let current: @Sendable (DaemonLimits) -> Int
    }

    /// Every limit, in the order `--help` and the README list them.
    static let settings: [Setting] = [
        Setting(name: "max-message-bytes", meaning: "largest request message", range: 1_024...67_108_864,
                apply: { $0.server.maximumMessageBytes = $1 }, current: { $0.server.maximumMessageBytes }),
        Setting(name: "max-streams-per-connection", meaning: "calls in flight on one connection (advertised to clients)", range: 1...10_000,
                apply: { $0.server.maximumStreamsPerConnection = $1 }, current: { $0.server.maximumStreamsPerConnection }),
        Setting(name: "max-connections", meaning: "open connections", range: 1...1_000_000,
                apply: { $0.server.maximumConnections = $1 }, current: { $0.server.maximumConnections }),
        Setting(name: "max-buffered-bytes-per-stream", meaning: "response bytes a call may have waiting for a client that does not read; past it the call is reset", range: 65_536...268_435_456,
                apply: { $0.server.maximumBufferedBytesPerStream = $1 }, current: { $0.server.maximumBufferedBytesPerStream }),
        Setting(name: "handshake-timeout", meaning: "seconds a new connection may take to send its opening bytes", range: 1...300,
                apply: { $0.server.handshakeTimeout = .seconds($1) }, current: { Int($0.server.handshakeTimeout.components.seconds) }),
        Setting(name: "idle-timeout", meaning: "seconds a connection with no call in flight stays open", range: 1...86_400,
                apply: { $0.server.idleTimeout = .seconds($1) }, current: { Int($0.server.idleTimeout.components.seconds) }),
        Setting(name: "max-string-bytes", meaning: "longest identifier, name or other short string field", range: 64...65_536,
                apply: { $0.input.maximumStringBytes = $1 }, current: { $0.input.maximumStringBytes }),
        Setting(name: "max-text-bytes", meaning: "longest free text (grounds, notes, reasons)", range: 256...1_048_576,
                apply: { $0.input.maximumTextBytes = $1 }, current: { $0.input.maximumTextBytes }),
        Setting(name: "watch-stall-timeout", meaning: "seconds a watch waits for a reader that stopped reading before ending it", range: 1...3_600,
                apply: { $0.watchStallTimeout = .seconds($1) }, current: { Int($0.watchStallTimeout.components.seconds) }),
        Setting(name: "one-time-token-lifetime", meaning: "seconds a one-time token may still be valid when presented (the replay guard remembers it that long)", range: 60...86_400,
                apply: { $0.oneTimeTokenLifetime = $1 }, current: { $0.oneTimeTokenLifetime }),
        Setting(name: "audit-head-interval", meaning: "seconds between the audit heads the daemon signs on its own (logged and appended to audit-heads.jsonl)", range: 60...86_400,
                apply: { $0.auditHeadInterval = $1 }, current: { $0.auditHeadInterval }),
        Setting(name: "database-connections", meaning: "connections to a PostgreSQL store this daemon opens at most", range: 2...1_000,
                apply: { $0.databaseConnections = $1 }, current: { $0.databaseConnections }),
        Setting(name: "history-retention-days", meaning: "days authentication decisions are kept before the pruner deletes them; 0 keeps them for ever (orders, notices, authorizations and the audit log are never deleted)", range: 0...36_500,
                apply: { $0.historyRetentionDays = $1 }, current: { $0.historyRetentionDays }),
    ]

    /// The list for `--help`: each name, its meaning and its default.
    static var help: String {
        let defaults = DaemonLimits()
        return settings.map { "\($0.name) (\($0.meaning); default \($0.current(defaults)))" }.joined(separator: ", ")
    }

    /// Applies `NAME=VALUE` entries from `source`.
    mutating func apply(_ entries: [String], source: String) throws {
        for entry in entries {
            let parts = entry.split(separator: "=", maxSplits: 1).map { String($0).trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2 else {
                throw ConfigurationError("limit '\(entry)' from \(source) must be NAME=VALUE, for example max-connections=2000")
            }
            try apply(name: parts[0], value: parts[1], source: source)
        }
    }

    /// Applies one limit from `source`.
    mutating func apply(name: String, value: String, source: String) throws {
        guard let setting = Self.settings.first(where: { $0.name == name }) else {
            throw ConfigurationError("unknown limit '\(name)' from \(source); the limits are \(Self.settings.map(\.name).joined(separator: ", "))")
        }
        guard let number = Int(value), setting.range.contains(number) else {
            throw ConfigurationError("limit \(name) from \(source) is '\(value)'; it must be a whole number from \(setting.range.lowerBound) to \(setting.range.upperBound)")
        }
        setting.apply(&self, number)
    }
}
