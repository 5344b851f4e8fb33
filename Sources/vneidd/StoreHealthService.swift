import ServiceLifecycle
import VNeIDService

/// Runs the store's health probe for as long as the daemon runs.
struct StoreHealthService: Service {
    let probe: StoreHealthProbe

    func run() async throws {
        await cancelWhenGracefulShutdown { await probe.run() }
    }
}
