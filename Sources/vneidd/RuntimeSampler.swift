import Foundation
import Logging
import Prometheus
import ServiceLifecycle
import VNeIDCore

/// Every few seconds, samples what no call records as it happens: the store's size and
/// pool use. Also publishes the build's version and commit once. Runs as a task of the
/// service group; its store call suspends like any other read.
struct RuntimeSampler: Service {
    let store: any VNeIDStore
    let logger: Logger
    private let databaseBytes: Gauge
    private let connectionsInUse: Gauge
    private let connectionLimit: Gauge

    /// How often the figures are refreshed.
    static let interval = Duration.seconds(5)

    init(store: any VNeIDStore, registry: PrometheusCollectorRegistry, logger: Logger) {
        self.store = store
        self.logger = logger
        databaseBytes = registry.makeGauge(descriptor: DaemonMetrics.descriptor("vneid_database_size_bytes", helpText: "Bytes the database takes (SQLite pages, or pg_database_size)."))
        connectionsInUse = registry.makeGauge(descriptor: DaemonMetrics.descriptor("vneid_database_connections_in_use", helpText: "PostgreSQL connections of this daemon's pool leased now (0 on SQLite)."))
        connectionLimit = registry.makeGauge(descriptor: DaemonMetrics.descriptor("vneid_database_connections_max", helpText: "The most PostgreSQL connections this daemon's pool opens (0 on SQLite)."))
        let build = registry.makeGauge(
            descriptor: DaemonMetrics.descriptor("vneid_build_info", helpText: "The running build: always 1, with its version and commit as labels."),
            labels: [("version", BuildInfo.version), ("commit", BuildInfo.commit)]
        )
        build.set(to: 1)
    }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            repeat {
                do {
                    let statistics = try await store.statistics()
                    databaseBytes.set(Double(statistics.databaseBytes))
                    connectionsInUse.set(Double(statistics.connectionsInUse ?? 0))
                    connectionLimit.set(Double(statistics.connectionLimit ?? 0))
                } catch {
                    logger.debug("cannot read the store's statistics (retried shortly): \(error)")
                }
            } while (try? await Task.sleep(for: Self.interval)) != nil
        }
    }
}
