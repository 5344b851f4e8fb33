import struct Foundation.Date

/// Persistent storage of orders, station authorizations, notices, status changes and the
/// audit log. Every write is one transaction that also appends to the audit log.
public protocol OrderStore: Sendable {
    /// Carries out an order command in one write transaction by running
    /// `OrderExecution.carryOut(_:in:)` over the store's `OrderTransaction`: the algorithm
    /// (idempotency, the decision by `OrderRules` on the state read in that transaction,
    /// the writes and the audit entry) is the core's, the reads and writes the store's.
    /// A retried request id returns the first execution, however the calls race.
    func execute(_ command: OrderCommand) async throws -> OrderExecution

    /// One order with its history and notices, or `nil`.
    func order(id: String) async throws -> Order?

    /// Orders matching `query`, newest first.
    func orders(_ query: OrderQuery) async throws -> [Order]

    /// Missed deadlines at `now`, and the notices not delivered yet.
    func overdueCounts(at now: Date) async throws -> OverdueCounts

    /// Stores a new authorization. The deputy must be an active STATION_DEPUTY of the
    /// authorization's station (`failedPrecondition` otherwise).
    func grantAuthorization(_ authorization: StationAuthorization) async throws

    /// Revokes an authorization; `notFound`, or `failedPrecondition` when it is revoked
    /// already or belongs to another station than `station`.
    func revokeAuthorization(id: String, station: StationID, by actor: OrderActor, at now: Date) async throws -> StationAuthorization

    /// Authorizations of `station` (all stations when `nil`), newest first.
    func authorizations(station: StationID?) async throws -> [StationAuthorization]

    /// Notices matching `query`, by sequence, with their sequence numbers.
    func notices(_ query: NoticeQuery) async throws -> [(sequence: UInt64, notice: Notice)]

    /// Records a notice delivered. `notFound` when there is no such notice among
    /// `channels`; an already delivered notice is returned as it is.
    func acknowledgeNotice(id: String, channels: [NoticeChannel], by actor: AuditActor, at now: Date) async throws -> Notice

    /// Status changes after `sequence`, oldest first.
    func statusChanges(after sequence: UInt64, limit: Int) async throws -> [StatusChange]

    /// Feeds `verification` every audit entry in order, then every bound kind of record as
    /// its rows stand now (`BoundRecord`'s initializers), and finishes it: all from one
    /// consistent snapshot, so that a change committed meanwhile is wholly in or wholly out.
    func verifyAuditLog(_ verification: AuditLogVerification) async throws -> AuditLogVerification

    /// The audit log's last entry (its head), or `nil` while the log is empty.
    func latestAuditEntry() async throws -> AuditEntry?

    /// Audit entries matching `query`, in order.
    func auditEntries(_ query: AuditQuery) async throws -> [AuditEntry]
}
