import Logging
import Synchronization

/// One call as its transport observes it: when it began, and what the service layer
/// learned while serving it (the principal calling, the account or order it concerned),
/// for the call's one log line.
///
/// The transport creates it (`CallObserver.begin`) and binds it to `current` around the
/// call; the gate and the handlers add to it with `note`, without knowing the transport.
public final class ObservedCall: Sendable {
    /// The call the current task serves, when its transport observes calls.
    @TaskLocal public static var current: ObservedCall?

    /// The method's full name, `package.Service/Method`.
    public let method: String
    let started = ContinuousClock.now
    private let notes = Mutex<Logger.Metadata>([:])

    init(method: String) {
        self.method = method
    }

    /// Adds `value` under `key` to the call's log line: `principal`, `account`, `order`.
    /// Never a secret: these fields go to the log as they are.
    public func note(_ key: String, _ value: String) {
        notes.withLock { $0[key] = .string(value) }
    }

    /// What was noted, for the log line.
    var noted: Logger.Metadata { notes.withLock { $0 } }
}
