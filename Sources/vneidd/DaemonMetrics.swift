import CoreMetrics
import Prometheus
import VNeIDCore

/// The daemon's metrics system: swift-metrics bootstrapped onto one swift-prometheus
/// registry, which the metrics endpoint serves. The libraries record through
/// swift-metrics (`Counter`, `Timer`, `Recorder`, `Meter`); the daemon's own gauges (store
/// size, process, build, deadlines) are made on the registry directly, with help texts.
enum DaemonMetrics {
    /// Latency buckets suited to calls that mostly take well under a millisecond, up to
    /// the slow tail of a commit or an import (seconds).
    static let latencyBuckets: [Duration] = [
        .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .microseconds(2500),
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
    ]

    /// Decisions per history transaction: one, up to the recorder's batch limit (4096).
    static let batchSizeBuckets: [Double] = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096]

    /// The descriptor of the series named `name` in full (its last word is the unit, as
    /// Prometheus names go: `_bytes`, `_seconds`, `_total`), with its help text.
    static func descriptor(_ name: String, helpText: String) -> MetricNameDescriptor {
        let unit = name.lastIndex(of: "_") ?? name.endIndex
        return MetricNameDescriptor(
            metricName: String(name[..<unit]), unitName: String(name[unit...].dropFirst()), helpText: helpText
        )
    }

    /// Bootstraps swift-metrics onto a new registry and returns it. Call once, before
    /// anything records a metric (a series made before would go nowhere).
    static func bootstrap() -> PrometheusCollectorRegistry {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = latencyBuckets
        factory.valueHistogramBuckets = [MetricName.historyBatchSize: batchSizeBuckets]
        MetricsSystem.bootstrap(factory)
        return registry
    }
}
