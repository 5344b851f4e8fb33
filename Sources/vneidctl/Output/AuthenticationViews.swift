import Foundation
import VNeIDClient
import VNeIDCore

struct ServiceView: Encodable {
    var name: String
    var audience: String
    var minimumLevel: Int
    var replayProtection: Bool
    var borderPortal: Bool
    var createdAt: Date
    var updatedAt: Date

    init(_ service: RegisteredService) {
        name = service.name.rawValue
        audience = service.audience
        minimumLevel = service.minimumLevel.rawValue
        replayProtection = service.replayProtection
        borderPortal = service.isBorderPortal
        createdAt = service.createdAt
        updatedAt = service.updatedAt
    }

    static func table(_ services: [RegisteredService]) -> String {
        var table = TextTable("SERVICE", "AUDIENCE", "MIN LEVEL", "ONE-TIME TOKENS", "BORDER PORTAL", "UPDATED")
        for service in services.map(ServiceView.init) {
            table.add(
                service.name, service.audience, "\(service.minimumLevel)", service.replayProtection ? "yes" : "no",
                service.borderPortal ? "yes" : "no", Printer.date(service.updatedAt)
            )
        }
        return table.rendered
    }
}

struct AuthenticationView: Encodable {
    var decision: String
    var denyReason: String?
    var detail: String
    var lockReason: String?
    var accountID: String?
    var kind: String?
    var displayName: String?
    var accountLevel: Int?
    var loginLevel: Int?
    var organizationID: String?
    var statusVersion: UInt64
    var tokenExpiresAt: Date?
    var reusableForMs: Int64
    var tokenID: String?

    init(_ result: AuthenticationResult) {
        decision = result.isAllowed ? "ALLOW" : "DENY"
        denyReason = result.denyReason?.code
        detail = result.detail
        lockReason = result.lockReason?.rawValue
        accountID = result.accountID
        kind = result.kind?.rawValue
        displayName = result.displayName
        accountLevel = result.accountLevel?.rawValue
        loginLevel = result.loginLevel?.rawValue
        organizationID = result.organizationID
        statusVersion = result.statusVersion
        tokenExpiresAt = result.tokenExpiresAt
        reusableForMs = result.reusableFor.wholeMilliseconds
        tokenID = result.tokenID
    }

    var text: String {
        var lines = [(denyReason.map { "DENY  \($0)" } ?? "ALLOW"), "  \(detail)"]
        func add(_ label: String, _ value: String) { lines.append("  " + (label + ":").padding(toLength: 17, withPad: " ", startingAt: 0) + value) }
        if let lockReason { add("lock reason", lockReason) }
        if let accountID { add("account", accountID + (displayName.map { " \($0)" } ?? "") + (kind.map { " (\($0))" } ?? "")) }
        if let accountLevel { add("account level", "\(accountLevel)") }
        if let loginLevel { add("login level", "\(loginLevel)") }
        if let organizationID { add("organization", organizationID) }
        if statusVersion > 0 { add("status version", "\(statusVersion)") }
        if let tokenExpiresAt { add("token expires", Printer.date(tokenExpiresAt)) }
        if let tokenID { add("token id", tokenID) }
        add("reusable for", "\(reusableForMs) ms")
        return lines.joined(separator: "\n") + "\n"
    }
}

struct AuthenticationRecordView: Encodable {
    var sequence: Int64
    var time: Date
    var accountID: String?
    var service: String
    var callerID: String
    var decision: String
    var denyReason: String?
    var tokenID: String?
    var issuer: String?

    init(_ record: AuthenticationRecord) {
        sequence = record.sequence
        time = record.time
        accountID = record.accountID?.rawValue
        service = record.service.rawValue
        callerID = record.callerID
        switch record.outcome {
        case .allowed: decision = "ALLOW"
        case .denied(let reason): decision = "DENY"; denyReason = reason.code
        }
        tokenID = record.tokenID
        issuer = record.issuer
    }
}
