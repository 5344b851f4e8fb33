import NIOCore
import NIOPosix

/// Where the daemon's work runs.
///
/// The daemon runs Swift tasks on SwiftNIO's event loops (`MultiThreadedEventLoopGroup
/// .singleton`, one thread per core) instead of a cooperative pool of its own. Both
/// listeners already read and write on those threads, so a frames or gRPC call is read,
/// handled and answered on the thread that owns its connection (NIO keeps a task on the
/// event loop it was enqueued from), with no hand-over to another thread and back. On this
/// machine that hand-over, not the signature check, was the largest cost of an
/// Authenticate (`tools/bench`, README "Performance").
///
/// Why this cannot stall the daemon: the event loops now run the tasks, so the rule that
/// guards the cooperative pool guards them too, and the code keeps it. No task blocks a
/// thread: SQLite runs on GRDB's dispatch queues (see `SQLiteStore`), the locks tasks take
/// guard a few memory operations and are never held across I/O or an await, and CPU work
/// per call is bounded (a signature check is about 100 µs). `Task.sleep` wakes through
/// Dispatch, whose threads then run the task until its next suspension.
enum TaskExecutorTakeover {
    /// Installs the event loops as Swift's global executor; returns `false` when the
    /// runtime does not allow it (tasks then stay on the cooperative pool, which is
    /// slower but equally correct).
    static func install() -> Bool {
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }
}
