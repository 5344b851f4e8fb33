import Foundation
import SwiftProtobuf
import VNeIDCore

extension Vneid_V1_ApiKeyInfo {
    /// The wire form of a key description.
    public init(_ info: APIKeyInfo) {
        self.init()
        id = info.id
        createdAt = Google_Protobuf_Timestamp(date: info.createdAt)
        if let revokedAt = info.revokedAt { self.revokedAt = Google_Protobuf_Timestamp(date: revokedAt) }
    }
}

extension APIKeyInfo {
    /// Decodes a key description received from the server.
    public init(proto: Vneid_V1_ApiKeyInfo) {
        self.init(
            id: proto.id,
            createdAt: proto.createdAt.date,
            revokedAt: proto.hasRevokedAt ? proto.revokedAt.date : nil
        )
    }
}

extension Vneid_V1_Principal {
    /// The wire form of a principal.
    public init(_ principal: Principal) {
        self.init()
        id = principal.id
        name = principal.name
        roles = principal.roles.sorted().map(\.proto)
        services = principal.services.map(\.rawValue)
        createdAt = Google_Protobuf_Timestamp(date: principal.createdAt)
        if let revokedAt = principal.revokedAt { self.revokedAt = Google_Protobuf_Timestamp(date: revokedAt) }
        apiKeys = principal.apiKeys.map(Vneid_V1_ApiKeyInfo.init)
        requesterType = principal.requesterType?.proto ?? .unspecified
        stationID = principal.stationID?.rawValue ?? ""
        policeUnit = principal.policeUnit?.rawValue ?? ""
    }
}

extension Principal {
    /// Decodes a principal received from the server.
    public init(proto: Vneid_V1_Principal) throws(VNeIDError) {
        var services: [ServiceName] = []
        for service in proto.services { services.append(try ServiceName(validating: service)) }
        self.init(
            id: proto.id,
            name: proto.name,
            roles: Set(proto.roles.compactMap(Role.init(proto:))),
            services: services,
            createdAt: proto.createdAt.date,
            revokedAt: proto.hasRevokedAt ? proto.revokedAt.date : nil,
            apiKeys: proto.apiKeys.map(APIKeyInfo.init(proto:)),
            requesterType: RequesterType(proto: proto.requesterType),
            stationID: proto.stationID.isEmpty ? nil : StationID(trusted: proto.stationID),
            policeUnit: proto.policeUnit.isEmpty ? nil : PoliceUnitID(trusted: proto.policeUnit)
        )
    }
}
