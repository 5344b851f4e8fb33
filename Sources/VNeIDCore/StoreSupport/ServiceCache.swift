import Synchronization

/// The services registry in memory: a handful of rows read on every Authenticate call.
/// Loaded on first use and dropped after every committed change. For the store adapters
/// of this package only.
package final class ServiceCache: Sendable {
    private struct State {
        var services: [ServiceName: RegisteredService]?
        var generation: UInt64 = 0
    }

    private let state = Mutex(State())

    /// An empty cache.
    package init() {}

    /// The cached registry, or `nil` with the generation to pass to `store`.
    package func lookup() -> (services: [ServiceName: RegisteredService]?, generation: UInt64) {
        state.withLock { ($0.services, $0.generation) }
    }

    /// Caches the registry read at `generation`, unless a change happened since.
    package func store(_ services: [ServiceName: RegisteredService], readAt generation: UInt64) {
        state.withLock { state in
            guard state.generation == generation else { return }
            state.services = services
        }
    }

    /// Drops the registry; call after a change committed.
    package func invalidate() {
        state.withLock { state in
            state.generation &+= 1
            state.services = nil
        }
    }
}
