import Foundation

extension AuditEvent {
    /// The audit entry of an order's step: what was ordered, on what grounds, by whom and
    /// under which authorization, and what it changed.
    init(order: Order, decision: OrderDecision, at now: Date) {
        let actor = order.history.last?.by ?? order.requestedBy
        let kind: AuditKind = switch order.state {
        case .pendingReview: .orderReceived
        case .executed: .orderExecuted
        case .refused: .orderRefused
        }
        var detail = "\(order.kind.rawValue) of \(order.accountID) on \(order.grounds.ground.rawValue)"
        if let service = order.service { detail += " for \(service)" }
        if let station = order.stationID { detail += " by station \(station)" }
        if let unit = order.policeUnit { detail += " to Police unit \(unit)" }
        if let lifted = order.liftedOrderID { detail += "; lifts order \(lifted)" }
        if let organization = order.grounds.organizationID { detail += "; at the request of organization \(organization)" }
        if !order.grounds.text.isEmpty { detail += "; grounds: \(order.grounds.text)" }
        if !order.grounds.documentReference.isEmpty {
            detail += "; document \(order.grounds.documentReference)"
            if let date = order.grounds.documentDate { detail += " of \(date)" }
        }
        if order.requestedBy.role == .requester { detail += "; requested by \(order.requestedBy.name) (\(order.requestedBy.requesterType?.rawValue ?? ""))" }
        if let deadline = order.reviewDeadline, order.state == .pendingReview { detail += "; review deadline \(deadline.ISO8601Format())" }
        if let reason = order.refusalReason { detail += "; refused: \(reason)" }
        detail += "; \(actor.role.rawValue) \(actor.name)"
        if let authorization = actor.authorizationID { detail += " under authorization \(authorization)" }
        if let status = decision.newStatus { detail += "; status version \(status.statusVersion)" }
        if !decision.notices.isEmpty { detail += "; \(decision.notices.count) notice(s) owed" }
        self.init(
            kind: kind, at: now, actor: AuditActor(id: actor.principalID, name: actor.name),
            accountID: order.accountID.rawValue, orderID: order.id, detail: detail
        )
    }
}
