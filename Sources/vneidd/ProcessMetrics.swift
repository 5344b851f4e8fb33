import Foundation
import Prometheus
import Synchronization

/// The process's CPU time, resident memory and open files, refreshed at each scrape of
/// `/metrics`, so a scrape always reads them as they are.
///
/// `refresh()` runs on the metrics endpoint's event loop. It reads `/proc/self`, files
/// the kernel answers from memory without waiting on any device, so the loop is held
/// only for those reads; the lock guards one number and is never held across them.
final class ProcessMetrics: Sendable {
    private let cpuSeconds: Counter
    private let residentBytes: Gauge
    private let openFiles: Gauge
    private let maximumFiles: Gauge
    /// The CPU seconds counted so far (the counter only goes up, by differences).
    private let cpuCounted = Mutex(0.0)

    init(registry: PrometheusCollectorRegistry) {
        cpuSeconds = registry.makeCounter(descriptor: DaemonMetrics.descriptor("process_cpu_seconds_total", helpText: "User and system CPU time the process has used, in seconds."))
        residentBytes = registry.makeGauge(descriptor: DaemonMetrics.descriptor("process_resident_memory_bytes", helpText: "Resident memory of the process, in bytes."))
        openFiles = registry.makeGauge(descriptor: DaemonMetrics.descriptor("process_open_fds", helpText: "Open file descriptors of the process."))
        maximumFiles = registry.makeGauge(descriptor: DaemonMetrics.descriptor("process_max_fds", helpText: "The process's limit on open file descriptors."))
        registry.makeGauge(descriptor: DaemonMetrics.descriptor("process_start_time_seconds", helpText: "When the process started, in seconds since the Unix epoch."))
            .set(to: Date().timeIntervalSince1970)
        refresh()
    }

    /// Reads the figures again.
    func refresh() {
        guard let figures = ProcessFigures.read() else { return }
        let added = cpuCounted.withLock { counted -> Double in
            let added = max(0, figures.cpuSeconds - counted)
            counted += added
            return added
        }
        if added > 0 { cpuSeconds.increment(by: added) }
        residentBytes.set(to: Double(figures.residentBytes))
        openFiles.set(to: Double(figures.openFiles))
        maximumFiles.set(to: Double(figures.maximumFiles))
    }
}
