import Foundation
import Logging
import Prometheus
import ServiceLifecycle
import VNeIDCore

/// Watches the law's deadlines: every few seconds it counts the lock requests pending past
/// their review deadline and the notices not delivered by their due time, publishes both
/// as gauges, and logs a warning whenever either count grows.
struct DeadlineMonitor: Service {
    let store: any VNeIDStore
    let calendar: WorkingDayCalendar
    let logger: Logger
    let overdueLockRequests: Gauge
    let overdueNotices: Gauge

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
    }

    func run() async throws {
        warnIfCalendarEnds()
        await cancelWhenGracefulShutdown {
            var last = OverdueCounts(lockRequests: 0, notices: 0)
            repeat {
                do {
                    let counts = try await store.overdueCounts(at: Date())
                    overdueLockRequests.set(Double(counts.lockRequests))
                    overdueNotices.set(Double(counts.notices))
                    if counts.lockRequests > last.lockRequests {
                        logger.warning("lock requests are past their review deadline; see 'vneidctl orders list --overdue'", metadata: ["count": "\(counts.lockRequests)"])
                    }
                    if counts.notices > last.notices {
                        logger.warning("notices are past their due time; see 'vneidctl notices list --overdue'", metadata: ["count": "\(counts.notices)"])
                    }
                    last = counts
                } catch {
                    logger.warning("cannot count overdue orders and notices (retried shortly): \(error)")
                }
            } while (try? await Task.sleep(for: Self.interval)) != nil
        }
    }

    private func warnIfCalendarEnds() {
        let today = LocalDate(containingInstant: Date().timeIntervalSince1970)
        let end = calendar.coverage.upperBound
        if end.dayNumber - today.dayNumber < 90 {
            logger.warning("the working-day calendar ends on \(end): after that only weekends count as days off; install the government's holidays with --working-days FILE")
        }
    }
}
