/// Where an order stands.
public enum OrderState: String, Sendable, Hashable, CaseIterable, Codable {
    /// A third party's lock request waiting for a Police decision.
    case pendingReview = "PENDING_REVIEW"
    /// Carried out: the account's status changed.
    case executed = "EXECUTED"
    /// A lock request the Police refused.
    case refused = "REFUSED"
}
