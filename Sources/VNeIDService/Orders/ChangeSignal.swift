import Synchronization

/// Wakes the RPCs that stream changes (status changes, notices) when a write has committed
/// new ones, so they read them at once instead of polling.
///
/// Watchers still re-read at least once a second: the store is the source of truth, and a
/// missed wake-up costs at most that second. `close()` ends every watch at shutdown.
public final class ChangeSignal: Sendable {
    private struct State {
        var generation: UInt64 = 0
        var closed = false
        var nextWaiterID: UInt64 = 0
        var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
        var cancelledWaiters: Set<UInt64> = []
    }

    private let state = Mutex(State())

    /// Creates a signal.
    public init() {}

    /// Increases with every `notify()`; pass the value read before a store read to `wait`.
    public var generation: UInt64 { state.withLock { $0.generation } }

    /// Whether the daemon is shutting down; watches end when it is.
    public var isClosed: Bool { state.withLock { $0.closed } }

    /// Tells every waiter that something changed.
    public func notify() {
        let waiters = state.withLock { state in
            state.generation &+= 1
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Ends every wait now and every later one at once.
    public func close() {
        state.withLock { $0.closed = true }
        notify()
    }

    /// Returns when the generation moves past `seen`, after `timeout`, on close, or when
    /// the task is cancelled, whichever comes first.
    public func wait(after seen: UInt64, timeout: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.waitForChange(after: seen) }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
        }
    }

    private func waitForChange(after seen: UInt64) async {
        let id = state.withLock { state in
            state.nextWaiterID &+= 1
            return state.nextWaiterID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state in
                    if state.closed || state.generation != seen || state.cancelledWaiters.remove(id) != nil { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
                if let waiter = state.waiters.removeValue(forKey: id) { return waiter }
                state.cancelledWaiters.insert(id)
                return nil
            }
            waiter?.resume()
        }
        state.withLock { _ = $0.cancelledWaiters.remove(id) }
    }
}
