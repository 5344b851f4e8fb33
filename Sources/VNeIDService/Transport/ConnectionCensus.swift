import CoreMetrics
import Logging
import Synchronization
import VNeIDCore

/// Open connections against the daemon's `max-connections`, shared by every listener (gRPC
/// and frames), so the cap holds for the daemon as a whole. A refusal is logged at most
/// once a minute, so a flood of connections cannot flood the log too.
public final class ConnectionCensus: Sendable {
    /// The most connections open at once.
    public let limit: Int
    private let open = Atomic<Int>(0)
    private let lastWarning = Atomic<Int64>(-60)
    private let logger: Logger
    private let started = ContinuousClock.now
    private let openGauge = Meter(label: MetricName.connectionsOpen)

    /// A census allowing `limit` connections.
    public init(limit: Int, logger: Logger) {
        self.limit = limit
        self.logger = logger
    }

    /// Connections open now.
    public var count: Int { open.load(ordering: .relaxed) }

    /// Counts a new connection; `false` when it is one too many (it is not counted).
    public func admit() -> Bool {
        let after = open.wrappingAdd(1, ordering: .relaxed).newValue
        guard after > limit else {
            openGauge.increment()
            return true
        }
        open.wrappingSubtract(1, ordering: .relaxed)
        warnAtMostEveryMinute()
        return false
    }

    /// Counts a connection out.
    public func release() {
        open.wrappingSubtract(1, ordering: .relaxed)
        openGauge.decrement()
    }

    private func warnAtMostEveryMinute() {
        let now = started.duration(to: .now).components.seconds + 60
        let last = lastWarning.load(ordering: .relaxed)
        guard now - last >= 60, lastWarning.compareExchange(expected: last, desired: now, ordering: .relaxed).exchanged else { return }
        logger.warning("refusing connections: \(limit) are open, the limit (--max-connections)")
    }
}
