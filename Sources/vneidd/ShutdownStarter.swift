import ServiceLifecycle
import VNeIDService

/// Starts the graceful shutdown of every transport at once (`ServiceLayer.beginShutdown()`):
/// health turns NOT_SERVING, new calls are refused, and open watches end, so that each
/// transport's drain waits only for calls that finish by themselves.
///
/// It is the last service of the daemon's group, and the group shuts its services down in
/// reverse order, waiting for each: this one returns at once, before any transport starts
/// draining.
struct ShutdownStarter: Service {
    let layer: ServiceLayer

    func run() async throws {
        // Returns at graceful shutdown; throws when the group is cancelled instead, when
        // nothing is left to drain but the calls are refused all the same.
        try? await gracefulShutdown()
        layer.beginShutdown()
    }
}
