import Foundation
import Logging
import Prometheus
import ServiceLifecycle
import VNeIDCore

/// Watches the law's deadlines: every few seconds it counts the lock requests pending past
/// their review deadline and the notices not delivered by their due time, publishes both
/// as gauges, and logs a warning whenever either count grows: once for all the daemons
/// sharing the store, by whichever wins the round (`DutyStore`).
struct DeadlineMonitor: Service {
    let store: any VNeIDStore
    let calendar: WorkingDayCalendar
    let logger: Logger
    let overdueLockRequests: Gauge
    let overdueNotices: Gauge
    let pendingNotices: Gauge
    let rounds: Counter

    /// How often the counts are refreshed.
    static let interval = Duration.seconds(5)

    init(store: any VNeIDStore, calendar: WorkingDayCalendar, registry: PrometheusCollectorRegistry, logger: Logger) {
        self.store = store
        self.calendar = calendar
        self.logger = logger
        overdueLockRequests = registry.makeGauge(descriptor: MetricNameDescriptor(
            namespace: "vneid", metricName: "lock_requests", unitName: "overdue",
            helpText: "Lock requests still pending past their review deadline (end of the second working day after receipt)."
        ))
        overdueNotices = registry.makeGauge(descriptor: MetricNameDescriptor(
            namespace: "vneid", metricName: "notices", unitName: "overdue",
            helpText: "Notices not delivered by their due time."
        ))
        pendingNotices = registry.makeGauge(descriptor: MetricNameDescriptor(
            namespace: "vneid", metricName: "notices", unitName: "pending",
            helpText: "Notices not delivered yet, due or not."
        ))
        rounds = registry.makeCounter(descriptor: MetricNameDescriptor(
            namespace: "vneid", metricName: "deadline_rounds", unitName: "total",
            helpText: "Rounds this daemon's deadline monitor has counted the overdue lock requests and notices."
        ))
    }

    /// The duty whose rounds give the warnings: one daemon of those sharing a store warns.
    static let duty = "deadline-warnings"

    func run() async throws {
        warnIfCalendarEnds()
        await cancelWhenGracefulShutdown {
            repeat {
                do {
                    let counts = try await store.overdueCounts(at: Date())
                    // Every daemon's gauges show the counts; the warnings are the duty's.
                    overdueLockRequests.set(Double(counts.lockRequests))
                    overdueNotices.set(Double(counts.notices))
                    pendingNotices.set(Double(counts.pendingNotices))
                    try await warnOnceForTheCluster(counts)
                    rounds.increment()
                } catch {
                    logger.warning("cannot count overdue orders and notices (retried shortly): \(error)")
                }
            } while (try? await Task.sleep(for: Self.interval)) != nil
        }
    }

    /// Warns when either count grew since the round before, if this daemon wins the
    /// round (rounds start a little under `interval` apart, so a daemon ticking every
    /// `interval` wins them alone when it is the only one).
    private func warnOnceForTheCluster(_ counts: OverdueCounts) async throws {
        guard let claim = try await store.claimDuty(Self.duty, interval: Self.interval - .milliseconds(500), at: Date()) else { return }
        let previous = claim.previousNote.flatMap(OverdueCounts.init(note:)) ?? OverdueCounts(lockRequests: 0, notices: 0)
        if counts.lockRequests > previous.lockRequests {
            logger.warning("lock requests are past their review deadline; see 'vneidctl orders list --overdue'", metadata: ["count": "\(counts.lockRequests)"])
        }
        if counts.notices > previous.notices {
            logger.warning("notices are past their due time; see 'vneidctl notices list --overdue'", metadata: ["count": "\(counts.notices)"])
        }
        try await store.noteDuty(Self.duty, counts.note)
    }

    private func warnIfCalendarEnds() {
        let today = LocalDate(containingInstant: Date().timeIntervalSince1970)
        let end = calendar.coverage.upperBound
        if end.dayNumber - today.dayNumber < 90 {
            logger.warning("the working-day calendar ends on \(end): after that only weekends count as days off; install the government's holidays with --working-days FILE")
        }
    }
}

extension OverdueCounts {
    /// The counts as a round of the deadline duty notes them: "LOCK_REQUESTS NOTICES".
    var note: String { "\(lockRequests) \(notices)" }

    /// Counts read back from a note.
    init?(note: String) {
        let parts = note.split(separator: " ").compactMap { Int($0) }
        guard parts.count == 2 else { return nil }
        self.init(lockRequests: parts[0], notices: parts[1])
    }
}
