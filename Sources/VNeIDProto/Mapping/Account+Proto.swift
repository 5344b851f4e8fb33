import Foundation
import SwiftProtobuf
import VNeIDCore

extension Vneid_V1_Account {
    /// The wire form of an account.
    public init(_ account: Account) {
        self.init()
        id = account.id.rawValue
        kind = account.kind.proto
        displayName = account.record.displayName
        assuranceLevel = UInt32(account.record.assuranceLevel.rawValue)
        managingOrganizationID = account.record.managingOrganizationID?.rawValue ?? ""
        createdAt = Google_Protobuf_Timestamp(date: account.createdAt)
        updatedAt = Google_Protobuf_Timestamp(date: account.updatedAt)
    }

    /// Validates the registry-owned fields into a record, as an import does.
    public func validatedRecord() throws(VNeIDError) -> AccountRecord {
        try AccountRecord(
            id: id,
            kind: AccountKind(proto: kind),
            displayName: displayName,
            assuranceLevel: Int(clamping: assuranceLevel),
            managingOrganizationID: managingOrganizationID
        )
    }
}

extension Account {
    /// Decodes an account received from the server, validating it.
    public init(proto: Vneid_V1_Account) throws(VNeIDError) {
        self.init(
            record: try proto.validatedRecord(),
            createdAt: proto.createdAt.date,
            updatedAt: proto.updatedAt.date
        )
    }
}

extension Vneid_V1_AccountStatus {
    /// The wire form of an account status.
    public init(_ status: AccountStatus) {
        self.init()
        accountID = status.accountID.rawValue
        state = status.locks.isEmpty ? .active : .locked
        if let primary = status.primaryLock { lock = Vneid_V1_LockInfo(primary) }
        locks = status.locks.map(Vneid_V1_LockInfo.init)
        suspensions = status.suspensions.map { suspension in
            .with {
                $0.service = suspension.service
                $0.stationID = suspension.stationID
                $0.since = Google_Protobuf_Timestamp(date: suspension.since)
                $0.orderID = suspension.orderID
            }
        }
        statusVersion = status.statusVersion
        updatedAt = Google_Protobuf_Timestamp(date: status.updatedAt)
    }
}

extension AccountStatus {
    /// Decodes a status received from the server, validating it.
    public init(proto: Vneid_V1_AccountStatus) throws(VNeIDError) {
        func lock(_ info: Vneid_V1_LockInfo) -> Lock {
            Lock(reason: LockReason(proto: info.reason) ?? .thirdPartyRequest, since: info.since.date, orderID: info.orderID)
        }
        let locks: [Lock]
        switch proto.state {
        case .active:
            locks = []
        case .locked:
            // A server from before grounds stacked sends only `lock`.
            locks = proto.locks.isEmpty ? [lock(proto.lock)] : proto.locks.map(lock)
        default:
            throw .internalError("server sent account status with unknown state \(proto.state.rawValue)")
        }
        self.init(
            accountID: try AccountID(validating: proto.accountID),
            locks: locks,
            suspensions: proto.suspensions.map {
                Suspension(service: $0.service, stationID: $0.stationID, since: $0.since.date, orderID: $0.orderID)
            },
            statusVersion: proto.statusVersion,
            updatedAt: proto.updatedAt.date
        )
    }
}

extension Vneid_V1_LockInfo {
    /// The wire form of one lock ground.
    public init(_ lock: AccountStatus.Lock) {
        self.init()
        reason = lock.reason.proto
        since = Google_Protobuf_Timestamp(date: lock.since)
        orderID = lock.orderID
        final = lock.reason.isFinal
    }
}
