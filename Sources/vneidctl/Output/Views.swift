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
    }

    struct SuspensionView: Encodable {
        var service: String
        var stationID: String
        var since: Date
        var orderID: String
    }

    var accountID: String
    var state: String
    var lock: LockView?
    var suspensions: [SuspensionView]
    var statusVersion: UInt64
    var updatedAt: Date

    init(_ status: AccountStatus) {
        accountID = status.accountID.rawValue
        switch status.state {
        case .active:
            state = "ACTIVE"
        case .locked(let lock):
            state = "LOCKED"
            self.lock = LockView(reason: lock.reason.rawValue, since: lock.since, orderID: lock.orderID)
        }
        suspensions = status.suspensions.map {
            SuspensionView(service: $0.service, stationID: $0.stationID, since: $0.since, orderID: $0.orderID)
        }
        statusVersion = status.statusVersion
        updatedAt = status.updatedAt
    }

    /// The STATE column of a table: ACTIVE, LOCKED (reason), SUSPENDED (services).
    var summary: String {
        var text = state
        if let lock { text += " (\(lock.reason))" }
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
        if let type = principal.requesterType { parts.append(type.rawValue) }
        return parts.isEmpty ? "-" : parts.joined(separator: ",")
    }
}
