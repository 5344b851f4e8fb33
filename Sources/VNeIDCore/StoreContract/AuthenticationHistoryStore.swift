import struct Foundation.Date

/// Storage of authentication decisions and spent one-time tokens.
///
/// Guarantees beyond those of `VNeIDStore`:
/// - An append is durable when it returns: the daemon answers a decision only after its
///   record committed, and many decisions share one transaction (group commit).
/// - A spent token is stored in the same transaction as the decision that spent it, so a
///   restart reloads every token whose decision was answered.
/// - A token is spent once per store, however many daemons share it: a token found
///   stored already at the commit is not stored again, the decision that allowed it is
///   written as a REPLAYED denial (`AuthenticationRules.denyingReplays`), and the token
///   is returned, so that decision is answered as a denial.
/// - History sequences increase with commit order; pages of one account's history are
///   stable under concurrent appends.
public protocol AuthenticationHistoryStore: Sendable {
    /// Appends decisions and spent tokens in one durable transaction. Each of
    /// `spentTokens` was spent by the allowed record with its issuer and token id. Returns
    /// the tokens that were spent already (see above).
    @discardableResult
    func appendAuthentications(_ records: [AuthenticationRecord], spentTokens: [SpentToken], now: Date) async throws -> Set<SpentToken.Identity>

    /// One account's decisions, newest first, with sequence below `before` when given.
    func authentications(of account: AccountID, before: Int64?, limit: Int) async throws -> [AuthenticationRecord]

    /// The spent tokens still remembered at `now`.
    func spentTokens(rememberedAt now: Date) async throws -> [SpentToken]

    /// Deletes, in one short transaction, at most `limit` of the oldest decisions made
    /// before `decidedBefore` (`nil`: none; the newest decision is always kept, so that
    /// sequences never restart), and at most `limit` spent tokens whose memory ended before
    /// `now`. Returns how many of each went. The retention pruner calls it in a loop of
    /// small batches, so no batch holds up the appends for long.
    func pruneHistory(decidedBefore: Date?, now: Date, limit: Int) async throws -> PrunedHistory
}

/// What one pruning batch deleted.
public struct PrunedHistory: Sendable, Equatable {
    /// Authentication decisions deleted.
    public var decisions: Int
    /// Spent one-time tokens deleted.
    public var spentTokens: Int

    /// Creates a count.
    public init(decisions: Int, spentTokens: Int) {
        self.decisions = decisions
        self.spentTokens = spentTokens
    }
}
