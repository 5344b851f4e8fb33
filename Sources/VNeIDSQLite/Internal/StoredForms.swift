import Foundation
import VNeIDCore

/// The JSON forms some columns hold: actors and statuses, which are read whole and never
/// queried by their parts.
enum StoredForms {
    struct Actor: Codable {
        var id: String
        var name: String
        var role: String
        var requesterType: String?
        var stationID: String?
        var authorizationID: String?
    }

    struct Suspension: Codable {
        var service: String
        var stationID: String
        var sinceMs: Int64
        var orderID: String
    }

    struct Status: Codable {
        var state: String
        var lockReason: String?
        var lockSinceMs: Int64?
        var lockOrderID: String?
        var suspensions: [Suspension]
        var version: UInt64
        var updatedAtMs: Int64
    }

    static func encode(_ actor: OrderActor) -> String {
        json(Actor(
            id: actor.principalID, name: actor.name, role: actor.role.rawValue,
            requesterType: actor.requesterType?.rawValue, stationID: actor.stationID?.rawValue,
            authorizationID: actor.authorizationID
        ))
    }

    static func actor(_ text: String) -> OrderActor {
        guard let actor = try? JSONDecoder().decode(Actor.self, from: Data(text.utf8)) else {
            return OrderActor(principalID: "?", name: "?", role: .auditor)
        }
        return OrderActor(
            principalID: actor.id, name: actor.name, role: Role(rawValue: actor.role) ?? .auditor,
            requesterType: actor.requesterType.flatMap(RequesterType.init(rawValue:)),
            stationID: actor.stationID.map(StationID.init(trusted:)),
            authorizationID: actor.authorizationID
        )
    }

    static func encode(_ status: AccountStatus) -> String {
        var stored = Status(
            state: "active", suspensions: status.suspensions.map {
                Suspension(service: $0.service, stationID: $0.stationID, sinceMs: $0.since.millisecondsSince1970, orderID: $0.orderID)
            },
            version: status.statusVersion, updatedAtMs: status.updatedAt.millisecondsSince1970
        )
        if case .locked(let lock) = status.state {
            stored.state = "locked"
            stored.lockReason = lock.reason.rawValue
            stored.lockSinceMs = lock.since.millisecondsSince1970
            stored.lockOrderID = lock.orderID
        }
        return json(stored)
    }

    static func status(_ text: String, accountID: AccountID) -> AccountStatus? {
        guard let stored = try? JSONDecoder().decode(Status.self, from: Data(text.utf8)) else { return nil }
        let state: AccountStatus.State = stored.state == "locked"
            ? .locked(AccountStatus.Lock(
                reason: LockReason(rawValue: stored.lockReason ?? "") ?? .thirdPartyRequest,
                since: Date(millisecondsSince1970: stored.lockSinceMs ?? 0), orderID: stored.lockOrderID ?? ""
            ))
            : .active
        return AccountStatus(
            accountID: accountID, state: state,
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
