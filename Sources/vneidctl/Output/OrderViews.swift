import Foundation
import VNeIDClient

/// An order as printed: JSON for scripts, `story` for people.
struct OrderView: Encodable {
    struct GroundsView: Encodable {
        var ground: String
        var text: String
        var documentReference: String
        var documentDate: String?
        var organizationID: String?
    }

    struct ActorView: Encodable {
        var principalID: String
        var name: String
        var role: String
        var requesterType: String?
        var stationID: String?
        var authorizationID: String?
        var policeUnit: String?

        init(_ actor: OrderActor) {
            principalID = actor.principalID
            name = actor.name
            role = actor.role.rawValue
            requesterType = actor.requesterType?.rawValue
            stationID = actor.stationID?.rawValue
            authorizationID = actor.authorizationID
            policeUnit = actor.policeUnit?.rawValue
        }

        var summary: String {
            var text = "\(name) (\(role)"
            if let requesterType { text += ", \(requesterType)" }
            if let stationID { text += ", station \(stationID)" }
            if let authorizationID { text += ", under authorization \(authorizationID)" }
            if let policeUnit { text += ", Police unit \(policeUnit)" }
            return text + ")"
        }
    }

    struct EventView: Encodable {
        var state: String
        var at: Date
        var by: ActorView
        var note: String
    }

    var id: String
    var kind: String
    var accountID: String
    var grounds: GroundsView
    var service: String?
    var stationID: String?
    var requestedBy: ActorView
    var decidedBy: ActorView?
    var state: String
    var receivedAt: Date
    var reviewDeadline: Date?
    var decidedAt: Date?
    var refusalReason: String?
    var liftedOrderID: String?
    var policeUnit: String?
    var overdue: Bool
    var history: [EventView]
    var notices: [NoticeView]

    init(_ order: Order) {
        id = order.id
        kind = order.kind.rawValue
        accountID = order.accountID.rawValue
        grounds = GroundsView(
            ground: order.grounds.ground.rawValue, text: order.grounds.text,
            documentReference: order.grounds.documentReference, documentDate: order.grounds.documentDate?.description,
            organizationID: order.grounds.organizationID?.rawValue
        )
        service = order.service?.rawValue
        stationID = order.stationID?.rawValue
        requestedBy = ActorView(order.requestedBy)
        decidedBy = order.decidedBy.map(ActorView.init)
        state = order.state.rawValue
        receivedAt = order.receivedAt
        reviewDeadline = order.reviewDeadline
        decidedAt = order.decidedAt
        refusalReason = order.refusalReason
        liftedOrderID = order.liftedOrderID
        policeUnit = order.policeUnit?.rawValue
        overdue = order.isOverdue(at: Date())
        history = order.history.map { EventView(state: $0.state.rawValue, at: $0.at, by: ActorView($0.by), note: $0.note) }
        notices = order.notices.map { NoticeView($0, sequence: nil) }
    }

    /// The order's full story, for a person.
    var story: String {
        var lines = ["Order \(id): \(kind) of account \(accountID) — \(state)\(overdue ? " (OVERDUE: past its review deadline)" : "")"]
        var ground = "  Grounds:     \(grounds.ground)"
        if !grounds.text.isEmpty { ground += " — \(grounds.text)" }
        lines.append(ground)
        if !grounds.documentReference.isEmpty {
            lines.append("  Document:    \(grounds.documentReference)\(grounds.documentDate.map { " of \($0)" } ?? "")")
        }
        if let organization = grounds.organizationID { lines.append("  Asked by:    organization \(organization)") }
        if let service { lines.append("  Service:     \(service), station \(stationID ?? "-")") }
        if let policeUnit { lines.append("  Sent to:     Police unit \(policeUnit)") }
        if let liftedOrderID { lines.append("  Lifts:       order \(liftedOrderID)") }
        lines.append("  Requested:   \(Printer.date(receivedAt)) by \(requestedBy.summary)")
        if let reviewDeadline { lines.append("  Deadline:    \(Printer.date(reviewDeadline)) (\(VietnameseTime.text(reviewDeadline)), end of the 2nd working day)") }
        if let decidedBy { lines.append("  Decided:     \(Printer.date(decidedAt)) by \(decidedBy.summary)") }
        if let refusalReason { lines.append("  Refused:     \(refusalReason)") }
        lines.append("  History:")
        for event in history {
            lines.append("    \(Printer.date(event.at))  \(event.state)  by \(event.by.summary)\(event.note.isEmpty ? "" : " — \(event.note)")")
        }
        lines.append("  Notices (\(notices.count)):")
        for notice in notices {
            let delivery = notice.deliveredAt.map { "delivered \(Printer.date($0)) by \(notice.deliveredBy ?? "-")" } ?? "not delivered"
            lines.append("    \(notice.id)  \(notice.kind) to \(notice.recipientRole) \(notice.recipientName) (\(notice.recipientID)) via \(notice.channel)")
            lines.append("      due \(Printer.date(notice.dueAt)), \(delivery)\(notice.overdue ? " — OVERDUE" : "")")
            for line in notice.text.split(separator: "\n") { lines.append("      │ \(line)") }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// A notice as printed.
struct NoticeView: Encodable {
    var id: String
    var sequence: UInt64?
    var orderID: String
    var kind: String
    var recipientRole: String
    var recipientID: String
    var recipientName: String
    var accountID: String
    var channel: String
    var text: String
    var createdAt: Date
    var dueAt: Date
    var deliveredAt: Date?
    var deliveredBy: String?
    var overdue: Bool

    init(_ notice: Notice, sequence: UInt64?) {
        id = notice.id
        self.sequence = sequence
        orderID = notice.orderID
        kind = notice.kind.rawValue
        recipientRole = notice.recipientRole.rawValue
        recipientID = notice.recipientID
        recipientName = notice.recipientName
        accountID = notice.accountID.rawValue
        channel = notice.channel.description
        text = notice.text
        createdAt = notice.createdAt
        dueAt = notice.dueAt
        deliveredAt = notice.deliveredAt
        deliveredBy = notice.deliveredBy
        overdue = notice.isOverdue(at: Date())
    }
}

/// A station authorization as printed.
struct AuthorizationView: Encodable {
    var id: String
    var stationID: String
    var deputy: String
    var grantedBy: String
    var grantedAt: Date
    var validFrom: Date
    var validUntil: Date
    var note: String
    var revokedAt: Date?
    var inForce: Bool

    init(_ authorization: StationAuthorization) {
        id = authorization.id
        stationID = authorization.stationID.rawValue
        deputy = authorization.deputy.name
        grantedBy = authorization.grantedBy.name
        grantedAt = authorization.grantedAt
        validFrom = authorization.validFrom
        validUntil = authorization.validUntil
        note = authorization.note
        revokedAt = authorization.revokedAt
        inForce = authorization.isInForce(at: Date())
    }

    static func table(_ authorizations: [StationAuthorization]) -> String {
        var table = TextTable("AUTHORIZATION", "STATION", "DEPUTY", "FROM", "UNTIL", "STATE", "GRANTED BY")
        for view in authorizations.map(AuthorizationView.init) {
            let state = view.revokedAt != nil ? "REVOKED" : (view.inForce ? "IN FORCE" : (view.validUntil <= Date() ? "EXPIRED" : "NOT YET VALID"))
            table.add(view.id, view.stationID, view.deputy, Printer.date(view.validFrom), Printer.date(view.validUntil), state, view.grantedBy)
        }
        return table.rendered
    }
}

/// An audit entry as printed.
struct AuditEntryView: Encodable {
    var sequence: UInt64
    var at: Date
    var kind: String
    var actorID: String
    var actorName: String
    var accountID: String?
    var orderID: String?
    var target: String?
    var detail: String
    var hash: String
    var records: [RecordView]

    /// A record the entry binds.
    struct RecordView: Encodable {
        var kind: String
        var id: String
        /// SHA-256 of the record's content in hex; empty when the entry records its absence.
        var digest: String
    }

    init(_ entry: AuditEntry) {
        sequence = entry.sequence
        at = entry.event.at
        kind = entry.event.kind.rawValue
        actorID = entry.event.actor.id
        actorName = entry.event.actor.name
        accountID = entry.event.accountID
        orderID = entry.event.orderID
        target = entry.event.target
        detail = entry.event.detail
        hash = Hex.encode(entry.hash)
        records = entry.records.map { RecordView(kind: $0.key.kind.rawValue, id: $0.key.id, digest: Hex.encode($0.digest)) }
    }
}

/// A status change as printed.
struct StatusChangeView: Encodable {
    var sequence: UInt64
    var at: Date
    var orderID: String
    var orderKind: String
    var status: StatusView

    init(_ change: StatusChange) {
        sequence = change.sequence
        at = change.at
        orderID = change.orderID
        orderKind = change.orderKind.rawValue
        status = StatusView(change.status)
    }
}
