import Synchronization

/// Counts the frames connections open, so that one past the limit is refused at once.
final class ConnectionCensus: Sendable {
    private let open = Mutex(0)
    let limit: Int

    init(limit: Int) {
        self.limit = limit
    }

    /// Counts a new connection in, or returns `false` when the limit is reached.
    func admit() -> Bool {
        open.withLock { open in
            guard open < limit else { return false }
            open += 1
            return true
        }
    }

    /// Counts a connection out.
    func release() {
        open.withLock { $0 -= 1 }
    }
}
