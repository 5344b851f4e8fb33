import Synchronization

/// Whether the daemon serves, as every transport's health check reports it.
///
/// SERVING while the daemon runs and its store answers; NOT_SERVING while the store does
/// not answer a probe in time (so that an orchestrator drains or restarts a stuck daemon),
/// and for good once shutdown has begun.
public final class ServingState: Sendable {
    /// What a health check reports.
    public enum Status: Sendable, Equatable {
        case serving
        case notServing
    }

    private struct State {
        var storeAnswers = true
        var shuttingDown = false
        var watchers: [Int: AsyncStream<Status>.Continuation] = [:]
        var nextWatcherID = 0

        var status: Status { storeAnswers && !shuttingDown ? .serving : .notServing }
    }

    private let state = Mutex(State())

    /// Creates the state: serving.
    public init() {}

    /// The status now.
    public var status: Status { state.withLock { $0.status } }

    /// Whether shutdown has begun.
    public var isShuttingDown: Bool { state.withLock { $0.shuttingDown } }

    /// Records whether the store answered its latest probe.
    public func storeAnswered(_ answered: Bool) {
        update { $0.storeAnswers = answered }
    }

    /// Marks the daemon as shutting down, for good, and ends every watch.
    public func beginShutdown() {
        update { $0.shuttingDown = true }
        let watchers = state.withLock { state in
            defer { state.watchers.removeAll() }
            return Array(state.watchers.values)
        }
        for watcher in watchers { watcher.finish() }
    }

    /// The status now and then each change, until shutdown or until the caller stops.
    public func changes() -> AsyncStream<Status> {
        let (stream, continuation) = AsyncStream<Status>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let id = state.withLock { state in
            let id = state.nextWatcherID
            state.nextWatcherID += 1
            continuation.yield(state.status)
            if state.shuttingDown { continuation.finish() } else { state.watchers[id] = continuation }
            return id
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.watchers.removeValue(forKey: id) }
        }
        return stream
    }

    private func update(_ change: (inout State) -> Void) {
        let (changed, status, watchers) = state.withLock { state in
            let before = state.status
            change(&state)
            return (before != state.status, state.status, Array(state.watchers.values))
        }
        guard changed else { return }
        for watcher in watchers { watcher.yield(status) }
    }
}
