import Foundation

/// The JSON forms some columns hold in every store: actors and statuses, which are read
/// whole and never queried by their parts. For the store adapters of this package only.
package enum StoredForms {
    struct Actor: Codable {
        var id: String
        var name: String
        var role: String
        var requesterType: String?
        var stationID: String?
        var authorizationID: String?
        var policeUnit: String?
    }

    struct Lock: Codable {
        var reason: String
        var sinceMs: Int64
        var orderID: String
    }

    struct Suspension: Codable {
        var service: String
        var stationID: String
        var sinceMs: Int64
        var orderID: String
    }

    struct Status: Codable {
        var state: String
        /// The primary lock, as statuses recorded before grounds stacked carry it.
        var lockReason: String?
        var lockSinceMs: Int64?
        var lockOrderID: String?
        /// Every lock ground; absent from statuses recorded before grounds stacked.
        var locks: [Lock]?
        var suspensions: [Suspension]
        var version: UInt64
        var updatedAtMs: Int64
    }

    package static func encode(_ actor: OrderActor) -> String {
        json(Actor(
            id: actor.principalID, name: actor.name, role: actor.role.rawValue,
            requesterType: actor.requesterType?.rawValue, stationID: actor.stationID?.rawValue,
            authorizationID: actor.authorizationID, policeUnit: actor.policeUnit?.rawValue
        ))
    }

    package static func actor(_ text: String) -> OrderActor {
        guard let actor = try? JSONDecoder().decode(Actor.self, from: Data(text.utf8)) else {
            return OrderActor(principalID: "?", name: "?", role: .auditor)
        }
        return OrderActor(
            principalID: actor.id, name: actor.name, role: Role(rawValue: actor.role) ?? .auditor,
            requesterType: actor.requesterType.flatMap(RequesterType.init(rawValue:)),
            stationID: actor.stationID.map(StationID.init(trusted:)),
            authorizationID: actor.authorizationID,
            policeUnit: actor.policeUnit.map(PoliceUnitID.init(trusted:))
        )
    }

    package static func encode(_ status: AccountStatus) -> String {
        var stored = Status(
            state: "active", suspensions: status.suspensions.map {
                Suspension(service: $0.service, stationID: $0.stationID, sinceMs: $0.since.millisecondsSince1970, orderID: $0.orderID)
            },
            version: status.statusVersion, updatedAtMs: status.updatedAt.millisecondsSince1970
        )
        if let lock = status.primaryLock {
            stored.state = "locked"
            stored.lockReason = lock.reason.rawValue
            stored.lockSinceMs = lock.since.millisecondsSince1970
            stored.lockOrderID = lock.orderID
            stored.locks = status.locks.map { Lock(reason: $0.reason.rawValue, sinceMs: $0.since.millisecondsSince1970, orderID: $0.orderID) }
        }
        return json(stored)
    }

    package static func status(_ text: String, accountID: AccountID) -> AccountStatus? {
        guard let stored = try? JSONDecoder().decode(Status.self, from: Data(text.utf8)) else { return nil }
        func lock(_ reason: String?, _ sinceMs: Int64?, _ orderID: String?) -> AccountStatus.Lock {
            AccountStatus.Lock(
                reason: LockReason(rawValue: reason ?? "") ?? .thirdPartyRequest,
                since: Date(millisecondsSince1970: sinceMs ?? 0), orderID: orderID ?? ""
            )
        }
        let locks: [AccountStatus.Lock] = switch (stored.state, stored.locks) {
        case ("locked", let all?): all.map { lock($0.reason, $0.sinceMs, $0.orderID) }
        case ("locked", nil): [lock(stored.lockReason, stored.lockSinceMs, stored.lockOrderID)]
        default: []
        }
        return AccountStatus(
            accountID: accountID, locks: locks,
            suspensions: stored.suspensions.map {
                AccountStatus.Suspension(service: $0.service, stationID: $0.stationID, since: Date(millisecondsSince1970: $0.sinceMs), orderID: $0.orderID)
            },
            statusVersion: stored.version, updatedAt: Date(millisecondsSince1970: stored.updatedAtMs)
        )
    }

    private static func json(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        // Encoding these plain structs cannot fail.
        return (try? String(decoding: encoder.encode(value), as: UTF8.self)) ?? "{}"
    }
}
