import Synchronization

/// Remembers why a caller's request producer failed, so the caller gets that reason back
/// rather than the stream error it causes.
///
/// A write the stream refused is not the producer's failure: the server ended the call
/// (an unauthorized caller, an import too large), and the caller must get the server's
/// status, so the request stream then ends quietly and the call's answer is awaited.
final class ProducerFailure: Sendable {
    private struct State {
        var error: (any Error)?
        var streamRefusedWrite = false
    }

    private let state = Mutex(State())

    /// The producer's own failure, if it failed for a reason of its own.
    var error: (any Error)? {
        state.withLock { $0.error }
    }

    /// Whether the stream refused a write: the server has ended the call.
    var streamRefusedWrite: Bool {
        state.withLock { $0.streamRefusedWrite }
    }

    /// Records that the producer failed with `error`.
    func producerFailed(_ error: any Error) {
        state.withLock { $0.error = error }
    }

    /// Runs one write on the stream, noting when the stream refused it.
    func writing(_ write: () async throws -> Void) async throws {
        do {
            try await write()
        } catch {
            state.withLock { $0.streamRefusedWrite = true }
            throw error
        }
    }
}
