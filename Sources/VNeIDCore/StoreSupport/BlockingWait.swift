/// Blocking waits (a semaphore, a condition, `EventLoopFuture.wait()`) are allowed only on
/// threads the stores hand out for them, never in a Swift task: a task's thread belongs to
/// the Swift concurrency pool, which a few blocked threads stall whole. For the store
/// adapters and tools of this package only.
package enum BlockingWait {
    /// Checks, in debug builds (every test run), that the caller is not running in a Swift
    /// task before it blocks; `what` names the wait for the failure message.
    package static func assertOffTheSwiftPool(_ what: @autoclosure () -> String) {
        assert(withUnsafeCurrentTask { $0 == nil }, "\(what()) would block a thread of the Swift concurrency pool")
    }
}
