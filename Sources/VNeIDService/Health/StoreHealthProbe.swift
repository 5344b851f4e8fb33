import Logging
import Synchronization
import VNeIDCore

/// Probes the store every `interval` and tells the serving state whether it answered
/// within `timeout`: a daemon whose store is stuck reports NOT_SERVING, so that an
/// orchestrator drains or restarts it, and SERVING again once the store answers.
///
/// The probe runs in a child task raced against the timeout; a probe that never returns
/// holds that child only, never this loop.
public struct StoreHealthProbe: Sendable {
    let store: any StoreHealth
    let serving: ServingState
    let logger: Logger
    let interval: Duration
    let timeout: Duration
    private let outstanding = OutstandingProbe()

    /// Creates a probe of `store` that reports to `serving`.
    public init(store: any StoreHealth, serving: ServingState, logger: Logger, interval: Duration = .seconds(2), timeout: Duration = .seconds(2)) {
        self.store = store
        self.serving = serving
        self.logger = logger
        self.interval = interval
        self.timeout = timeout
    }

    /// Probes until the task is cancelled.
    public func run() async {
        var answered = true
        while !Task.isCancelled {
            let now = await probe()
            if now != answered {
                answered = now
                if now {
                    logger.notice("the store answers again; health is SERVING")
                } else {
                    logger.error("the store did not answer a read within \(timeout); health is NOT_SERVING until it does")
                }
                serving.storeAnswered(now)
            }
            try? await Task.sleep(for: interval)
        }
    }

    /// Whether the store answered within the timeout. A probe still outstanding from an
    /// earlier round counts as no answer, and no second one is started beside it.
    private func probe() async -> Bool {
        guard outstanding.begin() else { return false }
        let store = self.store
        let outstanding = self.outstanding
        let timeout = self.timeout
        let answer = FirstAnswer()
        return await withCheckedContinuation { continuation in
            answer.await(continuation)
            Task {
                let answered = (try? await store.probe()) != nil
                outstanding.end()
                answer.give(answered)
            }
            Task {
                try? await Task.sleep(for: timeout)
                answer.give(false)
            }
        }
    }
}

/// Whether a probe is still running.
private final class OutstandingProbe: Sendable {
    private let running = Mutex(false)

    /// Marks a probe running; `false` if one already is.
    func begin() -> Bool { running.withLock { running in defer { running = true }; return !running } }
    func end() { running.withLock { $0 = false } }
}

/// The first of two answers, given to one waiter.
private final class FirstAnswer: Sendable {
    private let waiter = Mutex<CheckedContinuation<Bool, Never>?>(nil)

    func await(_ continuation: CheckedContinuation<Bool, Never>) { waiter.withLock { $0 = continuation } }

    func give(_ answer: Bool) { waiter.withLock { $0.take() }?.resume(returning: answer) }
}
