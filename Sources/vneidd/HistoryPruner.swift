import Foundation
import Logging
import Prometheus
import ServiceLifecycle
import VNeIDCore

/// Keeps the authentication history to its retention (`history-retention-days`) and the
/// spent one-time tokens to their memory, deleting in small batches so that no batch
/// holds the store's writer for long and the hot path's appends go on between them.
///
/// Each round deletes batches of at most `batchSize` until one comes back short, pausing
/// `pause` between batches; the first round runs at start, the next ones `interval`
/// apart. On a store several daemons share, each prunes: a batch another daemon pruned
/// first finds nothing to delete, and costs one short transaction. Orders, notices,
/// authorizations and the audit log are legal records: nothing here, nor anywhere,
/// deletes them.
struct HistoryPruner: Service {
    let store: any VNeIDStore
    /// Days decisions are kept; `nil` keeps them for ever (spent tokens are still pruned).
    let retentionDays: Int?
    let logger: Logger
    private let prunedDecisions: Counter
    private let prunedTokens: Counter

    /// Rows one batch deletes at most, of each table.
    static let batchSize = 1_000
    /// The rest between two batches of one round, so appends are never starved.
    static let pause = Duration.milliseconds(50)
    /// Time between rounds.
    static let interval = Duration.seconds(60)

    init(store: any VNeIDStore, retentionDays: Int?, registry: PrometheusCollectorRegistry, logger: Logger) {
        self.store = store
        self.retentionDays = retentionDays
        self.logger = logger
        let descriptor = DaemonMetrics.descriptor(MetricName.historyPruned, helpText: "Rows the retention pruner deleted, by table.")
        prunedDecisions = registry.makeCounter(descriptor: descriptor, labels: [("table", "authentication_history")])
        prunedTokens = registry.makeCounter(descriptor: descriptor, labels: [("table", "spent_tokens")])
    }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            repeat {
                do {
                    try await pruneRound()
                } catch is CancellationError {
                    return
                } catch {
                    logger.warning("cannot prune the authentication history (retried next round): \(error)")
                }
            } while (try? await Task.sleep(for: Self.interval)) != nil
        }
    }

    /// Deletes batches until there is nothing more to delete now.
    func pruneRound() async throws {
        var total = PrunedHistory(decisions: 0, spentTokens: 0)
        while true {
            let now = Date()
            let cutoff = retentionDays.map { now.addingTimeInterval(-Double($0) * 86_400) }
            let pruned = try await store.pruneHistory(decidedBefore: cutoff, now: now, limit: Self.batchSize)
            prunedDecisions.increment(by: Int64(pruned.decisions))
            prunedTokens.increment(by: Int64(pruned.spentTokens))
            total.decisions += pruned.decisions
            total.spentTokens += pruned.spentTokens
            guard pruned.decisions == Self.batchSize || pruned.spentTokens == Self.batchSize else { break }
            try await Task.sleep(for: Self.pause)
        }
        if total.decisions > 0 || total.spentTokens > 0 {
            logger.info("pruned the authentication history", metadata: [
                "decisions": "\(total.decisions)", "spent_tokens": "\(total.spentTokens)",
                "retention_days": "\(retentionDays.map(String.init) ?? "forever")",
            ])
        }
    }
}
