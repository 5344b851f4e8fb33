import Foundation
import VNeIDClient
import VNeIDCore

/// JSON shapes of what the CLI prints; keys become snake_case.
struct AccountView: Encodable {
    var id: String
    var kind: String
    var displayName: String
    var assuranceLevel: Int
    var managingOrganizationID: String?
    var createdAt: Date
    var updatedAt: Date

    init(_ account: Account) {
        id = account.id.rawValue
        kind = account.kind.rawValue
        displayName = account.record.displayName
        assuranceLevel = account.record.assuranceLevel.rawValue
        managingOrganizationID = account.record.managingOrganizationID?.rawValue
        createdAt = account.createdAt
        updatedAt = account.updatedAt
    }
}

struct StatusView: Encodable {
    struct LockView: Encodable {
        var reason: String
        var since: Date
        var orderID: String
        var final: Bool

        init(_ lock: AccountStatus.Lock) {
            reason = lock.reason.rawValue
            since = lock.since
            orderID = lock.orderID
            final = lock.reason.isFinal
        }
    }

    struct SuspensionView: Encodable {
        var service: String
        var stationID: String
        var since: Date
        var orderID: String
    }

    var accountID: String
    var state: String
    /// The primary ground: a final one if any, otherwise the earliest.
    var lock: LockView?
    /// Every lock ground in force, oldest first.
    var locks: [LockView]
    var suspensions: [SuspensionView]
    var statusVersion: UInt64
    var updatedAt: Date

    init(_ status: AccountStatus) {
        accountID = status.accountID.rawValue
        state = status.locks.isEmpty ? "ACTIVE" : "LOCKED"
        lock = status.primaryLock.map(LockView.init)
        locks = status.locks.map(LockView.init)
        suspensions = status.suspensions.map {
            SuspensionView(service: $0.service, stationID: $0.stationID, since: $0.since, orderID: $0.orderID)
        }
        statusVersion = status.statusVersion
        updatedAt = status.updatedAt
    }

    /// The STATE column of a table: ACTIVE, LOCKED (every ground), SUSPENDED (services).
    var summary: String {
        var text = state
        if !locks.isEmpty { text += " (" + locks.map(\.reason).joined(separator: ", ") + ")" }
        if !suspensions.isEmpty { text += ", suspended for " + suspensions.map(\.service).joined(separator: ",") }
        return text
    }
}

struct PrincipalView: Encodable {
    struct KeyView: Encodable {
        var id: String
        var createdAt: Date
        var revokedAt: Date?
    }

    var id: String
    var name: String
    var roles: [String]
    var services: [String]
    var createdAt: Date
    var revokedAt: Date?
    var apiKeys: [KeyView]
    var requesterType: String?
    var stationID: String?
    var policeUnit: String?

    init(_ principal: Principal) {
        id = principal.id
        name = principal.name
        roles = principal.roles.sorted().map(\.rawValue)
        services = principal.services.map(\.rawValue)
        createdAt = principal.createdAt
        revokedAt = principal.revokedAt
        apiKeys = principal.apiKeys.map { KeyView(id: $0.id, createdAt: $0.createdAt, revokedAt: $0.revokedAt) }
        requesterType = principal.requesterType?.rawValue
        stationID = principal.stationID?.rawValue
        policeUnit = principal.policeUnit?.rawValue
    }

    static func table(_ principals: [Principal]) -> String {
        var table = TextTable("ID", "NAME", "ROLES", "SERVICES/STATION", "KEYS", "CREATED", "REVOKED")
        for principal in principals {
            let activeKeys = principal.apiKeys.filter { $0.revokedAt == nil }.count
            table.add(
                principal.id, principal.name,
                principal.roles.sorted().map(\.rawValue).joined(separator: ","),
                Self.affiliation(principal),
                "\(activeKeys) active", Printer.date(principal.createdAt), Printer.date(principal.revokedAt)
            )
        }
        return table.rendered
    }

    private static func affiliation(_ principal: Principal) -> String {
        var parts = principal.services.map(\.rawValue)
        if let station = principal.stationID { parts.append("station \(station)") }
        if let unit = principal.policeUnit { parts.append("Police unit \(unit)") }
        if let type = principal.requesterType { parts.append(type.rawValue) }
        return parts.isEmpty ? "-" : parts.joined(separator: ",")
    }
}
