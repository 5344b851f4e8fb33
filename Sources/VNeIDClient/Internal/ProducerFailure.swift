import Synchronization

/// Remembers why a caller's request producer failed, so the caller gets that reason back
/// rather than the stream error it causes.
final class ProducerFailure: Sendable {
    private let stored = Mutex<(any Error)?>(nil)

    var error: (any Error)? {
        get { stored.withLock { $0 } }
        set { stored.withLock { $0 = newValue } }
    }
}
