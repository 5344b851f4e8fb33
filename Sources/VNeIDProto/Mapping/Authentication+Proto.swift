import Foundation
import SwiftProtobuf
import VNeIDCore

extension DenyReason {
    /// The wire form of the reason; the numbers are the same by design.
    public var proto: Vneid_V1_DenyReason { Vneid_V1_DenyReason(rawValue: rawValue) ?? .unspecified }

    /// The reason a wire value names, or `nil` for UNSPECIFIED and unknown values.
    public init?(proto: Vneid_V1_DenyReason) {
        self.init(rawValue: proto.rawValue)
    }
}

extension Vneid_V1_RelyingService {
    /// The wire form of a registered service.
    public init(_ service: RegisteredService) {
        self.init()
        name = service.name.rawValue
        audience = service.audience
        minimumLevel = UInt32(service.minimumLevel.rawValue)
        replayProtection = service.replayProtection
        borderPortal = service.isBorderPortal
        createdAt = Google_Protobuf_Timestamp(date: service.createdAt)
        updatedAt = Google_Protobuf_Timestamp(date: service.updatedAt)
    }
}

extension RegisteredService {
    /// The service a wire message describes.
    public init(proto: Vneid_V1_RelyingService) throws(VNeIDError) {
        let level = try AssuranceLevel(validating: Int(proto.minimumLevel))
        self.init(
            name: try ServiceName(validating: proto.name), audience: proto.audience, minimumLevel: level,
            replayProtection: proto.replayProtection, isBorderPortal: proto.borderPortal, createdAt: proto.createdAt.date, updatedAt: proto.updatedAt.date
        )
    }
}

extension Vneid_V1_AuthenticationRecord {
    /// The wire form of a history entry.
    public init(_ record: AuthenticationRecord) {
        self.init()
        sequence = record.sequence
        time = Google_Protobuf_Timestamp(date: record.time)
        accountID = record.accountID?.rawValue ?? ""
        service = record.service.rawValue
        callerID = record.callerID
        switch record.outcome {
        case .allowed:
            decision = .allow
        case .denied(let reason):
            decision = .deny
            denyReason = reason.proto
        }
        tokenID = record.tokenID ?? ""
        issuer = record.issuer ?? ""
    }
}

extension AuthenticationRecord {
    /// The history entry a wire message describes.
    public init(proto: Vneid_V1_AuthenticationRecord) {
        self.init(
            sequence: proto.sequence, time: proto.time.date,
            accountID: proto.accountID.isEmpty ? nil : try? AccountID(validating: proto.accountID),
            service: ServiceName(trusted: proto.service), callerID: proto.callerID,
            outcome: proto.decision == .allow ? .allowed : .denied(DenyReason(proto: proto.denyReason) ?? .malformedToken),
            tokenID: proto.tokenID.isEmpty ? nil : proto.tokenID,
            issuer: proto.issuer.isEmpty ? nil : proto.issuer
        )
    }
}
