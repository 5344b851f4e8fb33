import GRPCCore

import VNeIDService

/// Runs `body` in a task that is cancelled when gRPC cancels the RPC because the client
/// went away or the deadline passed. gRPC signals that only through the call's
/// cancellation handle, never by cancelling the handler's task, and our handlers (a watch
/// waiting for the next change, a store write) stop on task cancellation. The task
/// inherits the caller's task-local context.
///
/// gRPC signals graceful shutdown through the same handle; then the call is left to
/// finish (an import in flight commits), since `serving` says the daemon is shutting down.
func withTaskCancelledWithRPC<T: Sendable>(
    serving: ServingState, _ body: @escaping @Sendable () async throws -> T
) async throws -> T {
    let work = Task { try await body() }
    return try await withTaskCancellationHandler {
        try await withRPCCancellationHandler {
            try await work.value
        } onCancelRPC: {
            if !serving.isShuttingDown { work.cancel() }
        }
    } onCancel: {
        work.cancel()
    }
}
