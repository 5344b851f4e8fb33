import struct Foundation.Date

/// Storage of authentication decisions and spent one-time tokens.
///
/// Guarantees beyond those of `VNeIDStore`:
/// - An append is durable when it returns: the daemon answers a decision only after its
///   record committed, and many decisions share one transaction (group commit).
/// - A spent token is stored in the same transaction as the decision that spent it, so a
///   restart reloads every token whose decision was answered.
/// - History sequences increase with commit order; pages of one account's history are
///   stable under concurrent appends.
public protocol AuthenticationHistoryStore: Sendable {
    /// Appends decisions and spent tokens in one durable transaction; spent tokens whose
    /// memory ended before `now` may be pruned in the same transaction.
    func appendAuthentications(_ records: [AuthenticationRecord], spentTokens: [SpentToken], now: Date) async throws

    /// One account's decisions, newest first, with sequence below `before` when given.
    func authentications(of account: AccountID, before: Int64?, limit: Int) async throws -> [AuthenticationRecord]

    /// The spent tokens still remembered at `now`.
    func spentTokens(rememberedAt now: Date) async throws -> [SpentToken]
}
