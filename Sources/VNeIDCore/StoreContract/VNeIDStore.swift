/// Everything the daemon stores, behind one value chosen at start-up: the store contract.
///
/// The contract is the protocols in this folder, one per file; the daemon and its services
/// take `any VNeIDStore` and rely on nothing else. What every store guarantees:
///
/// - **Transactions.** Every write is one transaction: it happens whole or not at all, and
///   a write that returns has committed durably (it survives a crash of the process or the
///   machine). A write that throws has changed nothing.
/// - **Audited writes.** Every write that changes principals, keys, services, orders,
///   authorizations, notices or account standing appends its audit entry, with the
///   records it binds (`BoundRecord`), in that same transaction.
/// - **One audit chain.** Audit appends are serial: each entry's previous hash is the hash
///   of the entry committed just before it, so the log is one linear chain whatever the
///   number of concurrent writers.
/// - **Sequences in commit order.** Status changes, notices and audit entries are numbered
///   without gaps, in the order their transactions commit: a reader that has seen number
///   `n` never later finds a new entry numbered `n` or below. Watches resume on this.
/// - **Reads see committed writes.** A read that starts after a write returned sees it on
///   the daemon that made the write. On a store several daemons share, a cached account or
///   service may lag a write made through another daemon by a stated bound (PostgreSQL:
///   one change-feed poll, 20 ms plus the poll), never more: when a store cannot vouch for
///   its caches it reads the database, or fails with `UNAVAILABLE`.
/// - **Rules inside the transaction.** The law's rules (`OrderRules`) are decided on state
///   read in the transaction that acts on the decision.
///
/// Two stores implement it: the embedded SQLite store (`VNeIDSQLite`), one daemon's alone,
/// and the PostgreSQL store (`VNeIDPostgres`), shared by several daemons, which keeps
/// every guarantee above across them.
public typealias VNeIDStore = AccountStore & PrincipalStore & ServiceStore & AuthenticationHistoryStore & OrderStore & DutyStore & StoreHealth & StoreBackup
