import Dispatch

/// Runs blocking work (a file read, a synchronous database call) on a dispatch thread and
/// resumes the caller with its result, so the Swift concurrency pool never waits on it.
public func onDispatchThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
    }
}
