/// The names of the daemon's Prometheus series, written once: the code that records them,
/// the daemon's histogram buckets, and the tests use these; the dashboard
/// (`tools/ops/grafana-dashboard.json`) and the alert rules (`tools/ops/alerts.yml`) use
/// the same strings, and a test checks that every name they use is served.
package enum MetricName {
    /// Counter of finished calls, by `transport` (grpc, frames), `service`, `method` and
    /// `code` (the gRPC status name: OK, NOT_FOUND, ...).
    package static let rpcCalls = "vneid_rpc_calls_total"
    /// Histogram of call durations in seconds, by `transport`, `service` and `method`.
    package static let rpcDuration = "vneid_rpc_duration_seconds"
    /// Gauge of calls in flight (streams open), by `transport`.
    package static let rpcInFlight = "vneid_rpc_in_flight"
    /// Gauge of connections open, both listeners together (the `max-connections` count).
    package static let connectionsOpen = "vneid_connections_open"
    /// Counter of Authenticate decisions, by relying `service`, `decision` (ALLOW, DENY)
    /// and `reason` (the deny reason; empty for ALLOW).
    package static let authenticationDecisions = "vneid_authentication_decisions_total"
    /// Counter of verified-token cache lookups, by `result` (hit, miss).
    package static let tokenCache = "vneid_token_cache_lookups_total"
    /// Counter of account-cache lookups, by `result` (hit, miss).
    package static let accountCache = "vneid_account_cache_lookups_total"
    /// Counter of order commands, by `kind` (LOCK, UNLOCK, SUSPEND, RESTORE) and `outcome`
    /// (the order's state: EXECUTED, PENDING_REVIEW, REFUSED; RETRIED for a request id
    /// seen before; else the status name of the refusal, FAILED_PRECONDITION say).
    package static let orders = "vneid_orders_total"
    /// Histogram of store commits in seconds, by `operation` (history, order).
    package static let storeCommit = "vneid_store_commit_seconds"
    /// Histogram of the number of decisions one history transaction carried.
    package static let historyBatchSize = "vneid_history_batch_size"
    /// Counter of rows the retention pruner deleted, by `table`.
    package static let historyPruned = "vneid_history_pruned_rows_total"
}
