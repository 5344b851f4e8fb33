import CoreMetrics
import VNeIDCore

/// `vneid_authentication_decisions_total` by relying service, decision and deny reason:
/// a rise of BAD_SIGNATURE or REPLAYED is an attack an operator must see. The label sets
/// are bounded by the registered services times the deny reasons; each is made once.
final class DecisionCounter: Sendable {
    private struct Key: Hashable {
        var service: ServiceName
        var reason: DenyReason?
    }

    private let counters = SeriesCache<Key, Counter>()

    /// Counts one decision for `service`: allowed when `reason` is `nil`.
    func count(service: ServiceName, denied reason: DenyReason?) {
        counters.series(Key(service: service, reason: reason)) {
            Counter(label: MetricName.authenticationDecisions, dimensions: [
                ("service", service.rawValue), ("decision", reason == nil ? "ALLOW" : "DENY"), ("reason", reason?.code ?? ""),
            ])
        }.increment()
    }
}
