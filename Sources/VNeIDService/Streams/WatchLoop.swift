import Logging
import Synchronization
import VNeIDCore

/// The loop every watch runs: send what was committed after a sequence, in order, then
/// wait for the next commit; end with `UNAVAILABLE` at shutdown and with
/// `RESOURCE_EXHAUSTED` when the reader stops reading, each naming the sequence to resume
/// after.
///
/// A reader that stops reading exhausts the HTTP/2 flow-control window, so a write waits
/// (back-pressure reaches the handler) instead of the daemon buffering. A write that waits
/// longer than `stallTimeout` ends the watch: the daemon holds no more for that reader
/// than one window, and not for long.
///
/// The loop runs in a task of its own, so that a stalled write can be cancelled; it is
/// cancelled as well when the call's own task is.
public struct WatchLoop: Sendable {
    /// How many items one read of the store fetches.
    static let batchSize = 500

    let changes: ChangeSignal
    let stallTimeout: Duration
    /// How long to wait for a commit of this daemon before reading the store again
    /// (`StoreSharing.watchPollInterval`).
    let pollInterval: Duration
    let logger: Logger

    /// Creates the loop over the daemon's change signal.
    public init(changes: ChangeSignal, stallTimeout: Duration, pollInterval: Duration = .seconds(1), logger: Logger) {
        self.changes = changes
        self.stallTimeout = stallTimeout
        self.pollInterval = pollInterval
        self.logger = logger
    }

    /// Runs the watch: `fetch(after, limit)` reads up to `limit` items after a sequence,
    /// in order; `send` writes one to the caller.
    func run<Item: Sendable>(
        after start: UInt64,
        fetch: @escaping @Sendable (_ after: UInt64, _ limit: Int) async throws -> [(sequence: UInt64, item: Item)],
        send: @escaping @Sendable (Item) async throws -> Void
    ) async throws {
        let progress = WatchProgress(after: start)
        let changes = self.changes
        let pollInterval = self.pollInterval
        let work = Task {
            while !Task.isCancelled, !changes.isClosed {
                let seen = changes.generation
                let batch = try await fetch(progress.after, Self.batchSize)
                for (sequence, item) in batch {
                    try await progress.sending(sequence) { try await send(item) }
                }
                if batch.count < Self.batchSize { await changes.wait(after: seen, timeout: pollInterval) }
            }
        }
        try await withTaskCancellationHandler {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await work.value }
                group.addTask { [stallTimeout, logger] in
                    while true {
                        try await Task.sleep(for: .seconds(1))
                        if progress.isStalled(longerThan: stallTimeout) {
                            work.cancel()
                            logger.notice("ended a watch whose reader stopped reading", metadata: ["after": "\(progress.after)"])
                            throw VNeIDError.resourceExhausted(
                                "the watcher read nothing for \(stallTimeout.components.seconds) s, so the daemon stopped buffering for it; reconnect and resume after sequence \(progress.after)"
                            )
                        }
                    }
                }
                try await group.next()
                group.cancelAll()
            }
        } onCancel: {
            work.cancel()
        }
        if changes.isClosed {
            throw VNeIDError.unavailable("vneidd is shutting down; reconnect and resume after sequence \(progress.after)")
        }
    }
}

/// Where a watch stands: the last sequence sent, and since when a write has waited.
private final class WatchProgress: Sendable {
    private struct State {
        var after: UInt64
        var waitingSince: ContinuousClock.Instant?
    }

    private let state: Mutex<State>

    init(after: UInt64) { state = Mutex(State(after: after)) }

    /// The last sequence sent.
    var after: UInt64 { state.withLock { $0.after } }

    /// Runs one write of `sequence`, timing it.
    func sending(_ sequence: UInt64, _ write: () async throws -> Void) async throws {
        state.withLock { $0.waitingSince = .now }
        try await write()
        state.withLock {
            $0.waitingSince = nil
            $0.after = sequence
        }
    }

    func isStalled(longerThan limit: Duration) -> Bool {
        state.withLock { state in state.waitingSince.map { .now - $0 > limit } ?? false }
    }
}
