import Foundation
import SwiftProtobuf
import VNeIDCore

extension NoticeKind {
    /// The wire form of the kind.
    public var proto: Vneid_V1_NoticeKind {
        Vneid_V1_NoticeKind(rawValue: (Self.allCases.firstIndex(of: self) ?? -1) + 1) ?? .unspecified
    }

    /// The kind a wire value names, or `nil` for UNSPECIFIED and unknown values.
    public init?(proto: Vneid_V1_NoticeKind) {
        let index = proto.rawValue - 1
        guard Self.allCases.indices.contains(index) else { return nil }
        self = Self.allCases[index]
    }
}

extension NoticeRecipientRole {
    /// The wire form of the role.
    public var proto: Vneid_V1_NoticeRecipientRole {
        Vneid_V1_NoticeRecipientRole(rawValue: (Self.allCases.firstIndex(of: self) ?? -1) + 1) ?? .unspecified
    }

    /// The role a wire value names, or `nil` for UNSPECIFIED and unknown values.
    public init?(proto: Vneid_V1_NoticeRecipientRole) {
        let index = proto.rawValue - 1
        guard Self.allCases.indices.contains(index) else { return nil }
        self = Self.allCases[index]
    }
}

extension Vneid_V1_Notice {
    /// The wire form of a notice as seen at `now`.
    public init(_ notice: Notice, sequence: UInt64, at now: Date) {
        self.init()
        id = notice.id
        self.sequence = sequence
        orderID = notice.orderID
        kind = notice.kind.proto
        recipientRole = notice.recipientRole.proto
        recipientID = notice.recipientID
        recipientName = notice.recipientName
        accountID = notice.accountID.rawValue
        channel = notice.channel.description
        text = notice.text
        createdAt = Google_Protobuf_Timestamp(date: notice.createdAt)
        dueAt = Google_Protobuf_Timestamp(date: notice.dueAt)
        if let deliveredAt = notice.deliveredAt { self.deliveredAt = Google_Protobuf_Timestamp(date: deliveredAt) }
        deliveredBy = notice.deliveredBy ?? ""
        overdue = notice.isOverdue(at: now)
    }
}

extension Notice {
    /// Decodes a notice received from the server.
    public init(proto: Vneid_V1_Notice) {
        self.init(
            id: proto.id, orderID: proto.orderID, kind: NoticeKind(proto: proto.kind) ?? .lockNotice,
            recipientRole: NoticeRecipientRole(proto: proto.recipientRole) ?? .subject,
            recipientID: proto.recipientID, recipientName: proto.recipientName,
            accountID: AccountID.fromWire(proto.accountID),
            channel: NoticeChannel(stored: proto.channel) ?? .registry, text: proto.text,
            createdAt: proto.createdAt.date, dueAt: proto.dueAt.date,
            deliveredAt: proto.hasDeliveredAt ? proto.deliveredAt.date : nil,
            deliveredBy: proto.deliveredBy.isEmpty ? nil : proto.deliveredBy
        )
    }
}

extension Vneid_V1_StationAuthorization {
    /// The wire form of an authorization as seen at `now`.
    public init(_ authorization: StationAuthorization, at now: Date) {
        self.init()
        id = authorization.id
        stationID = authorization.stationID.rawValue
        deputy = Vneid_V1_OrderActor(authorization.deputy)
        grantedBy = Vneid_V1_OrderActor(authorization.grantedBy)
        grantedAt = Google_Protobuf_Timestamp(date: authorization.grantedAt)
        validFrom = Google_Protobuf_Timestamp(date: authorization.validFrom)
        validUntil = Google_Protobuf_Timestamp(date: authorization.validUntil)
        note = authorization.note
        if let revokedAt = authorization.revokedAt { self.revokedAt = Google_Protobuf_Timestamp(date: revokedAt) }
        if let revokedBy = authorization.revokedBy { self.revokedBy = Vneid_V1_OrderActor(revokedBy) }
        inForce = authorization.isInForce(at: now)
    }
}

extension StationAuthorization {
    /// Decodes an authorization received from the server.
    public init(proto: Vneid_V1_StationAuthorization) {
        self.init(
            id: proto.id, stationID: StationID(trusted: proto.stationID), deputy: OrderActor(proto: proto.deputy),
            grantedBy: OrderActor(proto: proto.grantedBy), grantedAt: proto.grantedAt.date,
            validFrom: proto.validFrom.date, validUntil: proto.validUntil.date, note: proto.note,
            revokedAt: proto.hasRevokedAt ? proto.revokedAt.date : nil,
            revokedBy: proto.hasRevokedBy ? OrderActor(proto: proto.revokedBy) : nil
        )
    }
}

extension Vneid_V1_AuditEntry {
    /// The wire form of an audit entry.
    public init(_ entry: AuditEntry) {
        self.init()
        sequence = entry.sequence
        at = Google_Protobuf_Timestamp(date: entry.event.at)
        kind = entry.event.kind.rawValue
        actorID = entry.event.actor.id
        actorName = entry.event.actor.name
        accountID = entry.event.accountID ?? ""
        orderID = entry.event.orderID ?? ""
        target = entry.event.target ?? ""
        detail = entry.event.detail
        previousHash = Data(entry.previousHash)
        hash = Data(entry.hash)
        records = entry.records.map { record in
            .with {
                $0.kind = record.key.kind.rawValue
                $0.id = record.key.id
                $0.digest = Data(record.digest)
            }
        }
    }
}

extension Vneid_V1_StatusChange {
    /// The wire form of a status change.
    public init(_ change: StatusChange) {
        self.init()
        sequence = change.sequence
        status = Vneid_V1_AccountStatus(change.status)
        orderID = change.orderID
        orderKind = change.orderKind.proto
        at = Google_Protobuf_Timestamp(date: change.at)
    }
}
