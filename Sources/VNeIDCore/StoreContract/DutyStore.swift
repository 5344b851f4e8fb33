import struct Foundation.Date

/// Duties one daemon does for all the daemons sharing a store, in rounds: watching the
/// law's deadlines, say, whose warnings must be given once, not once per daemon.
///
/// Guarantees beyond those of `VNeIDStore`: of the daemons claiming a duty, at most one
/// wins a round, and rounds start at least `interval` apart (by the claimers' clocks);
/// a claim and the note of the previous round are read in one statement.
public protocol DutyStore: Sendable {
    /// Claims the round of duty `name` starting at `now`, unless a round started less
    /// than `interval` before. Returns what the previous round noted (`nil` note for the
    /// first round), or `nil` when another daemon holds the current round.
    func claimDuty(_ name: String, interval: Duration, at now: Date) async throws -> DutyClaim?

    /// Leaves `note` for the next round of duty `name`.
    func noteDuty(_ name: String, _ note: String) async throws
}

/// A round of a duty, won.
public struct DutyClaim: Sendable, Hashable {
    /// What the previous round noted, if any.
    public var previousNote: String?

    /// A claim after a round that noted `previousNote`.
    public init(previousNote: String?) {
        self.previousNote = previousNote
    }
}
