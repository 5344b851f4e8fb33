import Foundation
import SwiftProtobuf
import VNeIDCore

extension RequesterType {
    /// The wire form of the type.
    public var proto: Vneid_V1_RequesterType {
        switch self {
        case .proceduralAgency: .proceduralAgency
        case .competentAuthority: .competentAuthority
        case .relyingParty: .relyingParty
        }
    }

    /// The type a wire value names, or `nil` for UNSPECIFIED and unknown values.
    public init?(proto: Vneid_V1_RequesterType) {
        switch proto {
        case .proceduralAgency: self = .proceduralAgency
        case .competentAuthority: self = .competentAuthority
        case .relyingParty: self = .relyingParty
        default: return nil
        }
    }
}

extension OrderKind {
    /// The wire form of the kind.
    public var proto: Vneid_V1_OrderKind {
        switch self {
        case .lock: .lock
        case .unlock: .unlock
        case .suspend: .suspend
        case .restore: .restore
        }
    }

    /// The kind a wire value names, or `nil` for UNSPECIFIED and unknown values.
    public init?(proto: Vneid_V1_OrderKind) {
        switch proto {
        case .lock: self = .lock
        case .unlock: self = .unlock
        case .suspend: self = .suspend
        case .restore: self = .restore
        default: return nil
        }
    }
}

extension OrderState {
    /// The wire form of the state.
    public var proto: Vneid_V1_OrderState {
        switch self {
        case .pendingReview: .pendingReview
        case .executed: .executed
        case .refused: .refused
        }
    }

    /// The state a wire value names, or `nil` for UNSPECIFIED and unknown values.
    public init?(proto: Vneid_V1_OrderState) {
        switch proto {
        case .pendingReview: self = .pendingReview
        case .executed: self = .executed
        case .refused: self = .refused
        default: return nil
        }
    }
}

extension OrderGround {
    /// The wire form of the ground.
    public var proto: Vneid_V1_Ground {
        Vneid_V1_Ground(rawValue: (Self.allCases.firstIndex(of: self) ?? -1) + 1) ?? .unspecified
    }

    /// The ground a wire value names, or `nil` for UNSPECIFIED and unknown values.
    public init?(proto: Vneid_V1_Ground) {
        let index = proto.rawValue - 1
        guard Self.allCases.indices.contains(index) else { return nil }
        self = Self.allCases[index]
    }
}

extension Vneid_V1_Grounds {
    /// The wire form of grounds.
    public init(_ grounds: OrderGrounds) {
        self.init()
        ground = grounds.ground.proto
        text = grounds.text
        documentReference = grounds.documentReference
        documentDate = grounds.documentDate?.description ?? ""
        organizationID = grounds.organizationID?.rawValue ?? ""
    }
}

extension OrderGrounds {
    /// Validates grounds received on the wire.
    public init(validating proto: Vneid_V1_Grounds) throws(VNeIDError) {
        guard let ground = OrderGround(proto: proto.ground) else {
            throw .invalidArgument("grounds.ground is missing or unknown; grounds are \(OrderGround.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var date: LocalDate?
        if !proto.documentDate.isEmpty {
            guard let parsed = LocalDate(iso: proto.documentDate) else {
                throw .invalidArgument("grounds.document_date '\(proto.documentDate)' is not a YYYY-MM-DD date")
            }
            date = parsed
        }
        let organization = proto.organizationID.isEmpty ? nil : try AccountID(validating: proto.organizationID)
        if let organization, organization.kind != .organization {
            throw .invalidArgument("grounds.organization_id \(organization) is a citizen's id; name the managing agency's or enterprise's account (10 or 13 digits)")
        }
        self = try OrderGrounds(
            ground: ground, text: proto.text, documentReference: proto.documentReference, documentDate: date,
            organizationID: organization
        ).validated()
    }
}

extension Vneid_V1_OrderActor {
    /// The wire form of an actor.
    public init(_ actor: OrderActor) {
        self.init()
        principalID = actor.principalID
        name = actor.name
        role = actor.role.proto
        requesterType = actor.requesterType?.proto ?? .unspecified
        stationID = actor.stationID?.rawValue ?? ""
        authorizationID = actor.authorizationID ?? ""
        policeUnit = actor.policeUnit?.rawValue ?? ""
    }
}

extension OrderActor {
    /// Decodes an actor received from the server.
    public init(proto: Vneid_V1_OrderActor) {
        self.init(
            principalID: proto.principalID, name: proto.name, role: Role(proto: proto.role) ?? .auditor,
            requesterType: RequesterType(proto: proto.requesterType),
            stationID: proto.stationID.isEmpty ? nil : StationID(trusted: proto.stationID),
            authorizationID: proto.authorizationID.isEmpty ? nil : proto.authorizationID,
            policeUnit: proto.policeUnit.isEmpty ? nil : PoliceUnitID(trusted: proto.policeUnit)
        )
    }
}

extension Vneid_V1_Order {
    /// The wire form of an order as seen at `now`.
    public init(_ order: Order, at now: Date) {
        self.init()
        id = order.id
        kind = order.kind.proto
        accountID = order.accountID.rawValue
        grounds = Vneid_V1_Grounds(order.grounds)
        service = order.service?.rawValue ?? ""
        stationID = order.stationID?.rawValue ?? ""
        requestedBy = Vneid_V1_OrderActor(order.requestedBy)
        if let decider = order.decidedBy { decidedBy = Vneid_V1_OrderActor(decider) }
        state = order.state.proto
        receivedAt = Google_Protobuf_Timestamp(date: order.receivedAt)
        if let deadline = order.reviewDeadline { reviewDeadline = Google_Protobuf_Timestamp(date: deadline) }
        if let decidedAt = order.decidedAt { self.decidedAt = Google_Protobuf_Timestamp(date: decidedAt) }
        refusalReason = order.refusalReason ?? ""
        history = order.history.map { event in
            .with {
                $0.state = event.state.proto
                $0.at = Google_Protobuf_Timestamp(date: event.at)
                $0.by = Vneid_V1_OrderActor(event.by)
                $0.note = event.note
            }
        }
        notices = order.notices.map { Vneid_V1_Notice($0, sequence: 0, at: now) }
        overdue = order.isOverdue(at: now)
        liftedOrderID = order.liftedOrderID ?? ""
        policeUnit = order.policeUnit?.rawValue ?? ""
    }
}

extension Order {
    /// Decodes an order received from the server.
    public init(proto: Vneid_V1_Order) {
        let grounds = OrderGrounds(
            ground: OrderGround(proto: proto.grounds.ground) ?? .termsViolation, text: proto.grounds.text,
            documentReference: proto.grounds.documentReference, documentDate: LocalDate(iso: proto.grounds.documentDate),
            organizationID: proto.grounds.organizationID.isEmpty ? nil : AccountID.fromWire(proto.grounds.organizationID)
        )
        self.init(
            id: proto.id, kind: OrderKind(proto: proto.kind) ?? .lock,
            accountID: AccountID.fromWire(proto.accountID), grounds: grounds,
            service: proto.service.isEmpty ? nil : ServiceName(trusted: proto.service),
            stationID: proto.stationID.isEmpty ? nil : StationID(trusted: proto.stationID),
            requestedBy: OrderActor(proto: proto.requestedBy),
            decidedBy: proto.hasDecidedBy ? OrderActor(proto: proto.decidedBy) : nil,
            state: OrderState(proto: proto.state) ?? .pendingReview,
            receivedAt: proto.receivedAt.date,
            reviewDeadline: proto.hasReviewDeadline ? proto.reviewDeadline.date : nil,
            decidedAt: proto.hasDecidedAt ? proto.decidedAt.date : nil,
            refusalReason: proto.refusalReason.isEmpty ? nil : proto.refusalReason,
            history: proto.history.map {
                Order.Event(state: OrderState(proto: $0.state) ?? .pendingReview, at: $0.at.date, by: OrderActor(proto: $0.by), note: $0.note)
            },
            notices: proto.notices.map(Notice.init(proto:)),
            liftedOrderID: proto.liftedOrderID.isEmpty ? nil : proto.liftedOrderID,
            policeUnit: proto.policeUnit.isEmpty ? nil : PoliceUnitID(trusted: proto.policeUnit)
        )
    }
}

extension AccountID {
    /// An id the server sent; servers send canonical ids only.
    public static func fromWire(_ text: String) -> AccountID {
        (try? AccountID(validating: text)) ?? AccountID(trustedCanonical: text)
    }
}
