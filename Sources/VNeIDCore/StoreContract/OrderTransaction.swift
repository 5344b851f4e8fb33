import struct Foundation.Date

/// What carrying out an order needs of a store, inside the one write transaction that
/// carries it out: reads of the state the rules judge, the writes the decision makes, the
/// audit append, and the request-id record. `OrderExecution.carryOut(_:in:)` is the
/// algorithm; a store supplies only this.
///
/// Guarantees a store gives (beyond those of `VNeIDStore`):
/// - Every read sees the transaction's own writes and no write committed by anyone else
///   after the transaction began to decide: the decision is taken on the state it acts on.
///   Two orders on one account never both decide on the same old state (SQLite has one
///   writer; a shared database must lock the account's row, or serialize, to the same
///   effect).
/// - `writeStatus` appends the status change with the next sequence number, in commit
///   order; `appendAudit` extends the one audit chain.
/// - Nothing is visible to others until the transaction commits, and all of it or none
///   of it commits.
public protocol OrderTransaction {
    /// The fingerprint and order of an earlier request with this id by this principal.
    func previousRequest(principalID: String, requestID: String) throws -> (fingerprint: [UInt8], orderID: String)?

    /// The order `id` with its history and, unless `includingNotices` is false, its notices.
    func order(id: String, includingNotices: Bool) throws -> Order?

    /// The account and its status, or `nil` when no account `id` is registered.
    func accountSnapshot(id: AccountID) throws -> AccountSnapshot?

    /// The services registry.
    func services() throws -> [ServiceName: RegisteredService]

    /// The Police units that have an active POLICE_APPROVER, by name.
    func policeUnitsWithApprovers() throws -> [PoliceUnitID]

    /// The authorizations granted to deputy `deputyID` at `station`, newest first.
    func authorizations(station: StationID, deputyID: String) throws -> [StationAuthorization]

    /// Stores a new order with its history, or, when `isNew` is false, its decision and
    /// its last event.
    func saveOrder(_ order: Order, isNew: Bool) throws

    /// Stores the account's new status and appends the status change it makes, by `order`.
    func writeStatus(_ status: AccountStatus, by order: Order, at now: Date) throws

    /// Stores a notice owed for `order`; returns its id.
    func insertNotice(_ notice: OrderDecision.NoticeToCreate, of order: Order, at now: Date) throws -> String

    /// Appends an audit entry binding `records` as they stand in this transaction.
    func appendAudit(_ event: AuditEvent, binding records: [AuditRecordKey]) throws

    /// Records that request `requestID` of `principalID`, with this fingerprint, made `orderID`.
    func recordRequest(principalID: String, requestID: String, fingerprint: [UInt8], orderID: String) throws
}
