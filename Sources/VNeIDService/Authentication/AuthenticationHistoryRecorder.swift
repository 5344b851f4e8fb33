import CoreMetrics
import Foundation
import Logging
import Synchronization
import VNeIDCore

/// Writes authentication decisions to the history by group commit: each call waits for
/// the transaction that carries its decision, and one transaction carries every decision
/// that arrived while the previous one was being written.
///
/// Under load, batches form by themselves: while one commit is on disk the next batch
/// accumulates, so the disk sees one write per batch instead of one per call, and no call
/// waits for more than about two commits. A decision is answered only after its batch
/// committed, so a crash loses no decision that was answered.
public final class AuthenticationHistoryRecorder: Sendable {
    private struct Entry {
        var record: AuthenticationRecord
        var spentToken: SpentToken?
        /// Resumed with whether the token this decision spent had been spent already
        /// through another daemon (the decision was then written as a replay).
        var waiter: CheckedContinuation<Bool, any Error>
    }

    private struct State {
        var pending: [Entry] = []
        var closed = false
    }

    /// The most decisions one transaction carries.
    public static let maximumBatchSize = 4096

    private let store: any AuthenticationHistoryStore
    private let logger: Logger
    private let state = Mutex(State())
    private let wakeUps: AsyncStream<Void>
    private let wakeUp: AsyncStream<Void>.Continuation
    private let batchSizes = Recorder(label: MetricName.historyBatchSize)
    private let commits = CoreMetrics.Timer(label: MetricName.storeCommit, dimensions: [("operation", "history")])

    /// Creates a recorder writing to `store`; `run()` must be running for records to be
    /// written.
    public init(store: any AuthenticationHistoryStore, logger: Logger) {
        self.store = store
        self.logger = logger
        (wakeUps, wakeUp) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Records a decision (and the token it spent, if any) and returns once it is durable:
    /// `false`, or `true` when the token turned out to have been spent already through
    /// another daemon sharing the store, and the decision was recorded as a replay.
    public func record(_ record: AuthenticationRecord, spentToken: SpentToken?) async throws -> Bool {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Bool, any Error>) in
            let accepted = state.withLock { state in
                guard !state.closed else { return false }
                state.pending.append(Entry(record: record, spentToken: spentToken, waiter: continuation))
                return true
            }
            if accepted {
                wakeUp.yield()
            } else {
                continuation.resume(throwing: VNeIDError.unavailable("the daemon is shutting down; retry against another instance"))
            }
        }
    }

    /// Writes batches until `close()` is called, then writes what is left and returns.
    public func run() async {
        for await _ in wakeUps {
            await writePending()
        }
        await writePending()
    }

    /// Refuses new records; `run()` returns once the pending ones are written.
    public func close() {
        state.withLock { $0.closed = true }
        wakeUp.finish()
    }

    private func writePending() async {
        while true {
            let batch = state.withLock { state -> [Entry] in
                let count = min(state.pending.count, Self.maximumBatchSize)
                let batch = Array(state.pending.prefix(count))
                state.pending.removeFirst(count)
                return batch
            }
            guard !batch.isEmpty else { return }
            batchSizes.record(batch.count)
            do {
                let started = ContinuousClock.now
                let spentElsewhere = try await store.appendAuthentications(batch.map(\.record), spentTokens: batch.compactMap(\.spentToken), now: Date())
                commits.recordNanoseconds((ContinuousClock.now - started).wholeNanoseconds)
                for entry in batch {
                    entry.waiter.resume(returning: entry.spentToken.map { spentElsewhere.contains($0.identity) } ?? false)
                }
            } catch {
                logger.error("could not write \(batch.count) authentication decisions to the history: \(error)")
                let failure = VNeIDError.unavailable("the decision could not be recorded durably, so it is withheld; retry")
                for entry in batch { entry.waiter.resume(throwing: failure) }
            }
        }
    }
}
