import Foundation
import GRPCCore
import Testing
import VNeIDClient
import VNeIDProto
import VNeIDService

@Suite("Authentication and authorization of every RPC")
struct AuthorizationTests {
    /// Each RPC, called through the client library with harmless arguments.
    static let calls: [(method: String, call: @Sendable (VNeIDClient) async throws -> Void)] = [
        ("AccountService/ImportAccounts", { _ = try await $0.importAccounts { _ in 0 } }),
        ("AccountService/GetAccount", { _ = try await $0.account(id: "001099012345") }),
        ("AccountService/GetAccountStatus", { _ = try await $0.accountStatus(id: "001099012345") }),
        ("AccountService/BatchGetAccountStatus", { _ = try await $0.accountStatuses(ids: ["001099012345"]) }),
        ("PrincipalService/CreatePrincipal", { _ = try await $0.createPrincipal(name: "not a valid name", roles: [.auditor]) }),
        ("PrincipalService/ListPrincipals", { _ = try await $0.principals() }),
        ("PrincipalService/GetPrincipal", { _ = try await $0.principal("nobody") }),
        ("PrincipalService/RevokePrincipal", { _ = try await $0.revokePrincipal("nobody") }),
        ("PrincipalService/IssueApiKey", { _ = try await $0.issueAPIKey(for: "nobody") }),
        ("PrincipalService/RevokeApiKey", { _ = try await $0.revokeAPIKey(id: "nobody") }),
        ("PrincipalService/WhoAmI", { _ = try await $0.whoAmI() }),
        ("ServiceRegistry/AddService", { _ = try await $0.addService(ServiceSettings(name: "Not Valid", audience: "x")) }),
        ("ServiceRegistry/UpdateService", { _ = try await $0.updateService(ServiceSettings(name: "nowhere", audience: "x")) }),
        ("ServiceRegistry/RemoveService", { try await $0.removeService(name: "nowhere") }),
        ("ServiceRegistry/ListServices", { _ = try await $0.services() }),
        ("ServiceRegistry/GetService", { _ = try await $0.service(name: "nowhere") }),
        ("AuthenticationService/Authenticate", { _ = try await $0.authenticate(token: "x.y.z", service: "border-portal") }),
        ("AuthenticationService/ListAuthenticationHistory", { _ = try await $0.authenticationHistory(accountID: "001099012345") }),
    ]

    /// Which roles may call which RPC: the contract stated in the .proto files.
    static let allowed: [String: Set<Role>] = [
        "AccountService/ImportAccounts": [.registry],
        "AccountService/GetAccount": [.registry, .auditor],
        "AccountService/GetAccountStatus": [.registry, .auditor, .relyingService],
        "AccountService/BatchGetAccountStatus": [.registry, .auditor, .relyingService],
        "PrincipalService/CreatePrincipal": [.admin],
        "PrincipalService/ListPrincipals": [.admin, .auditor],
        "PrincipalService/GetPrincipal": [.admin, .auditor],
        "PrincipalService/RevokePrincipal": [.admin],
        "PrincipalService/IssueApiKey": [.admin],
        "PrincipalService/RevokeApiKey": [.admin],
        "PrincipalService/WhoAmI": Set(Role.allCases),
        "ServiceRegistry/AddService": [.admin],
        "ServiceRegistry/UpdateService": [.admin],
        "ServiceRegistry/RemoveService": [.admin],
        "ServiceRegistry/ListServices": [.admin, .auditor],
        "ServiceRegistry/GetService": [.admin, .auditor],
        "AuthenticationService/Authenticate": [.relyingService],
        "AuthenticationService/ListAuthenticationHistory": [.registry, .auditor],
    ]

    @Test("every RPC of every VNeID service has an access rule, and every rule names a real RPC")
    func policyCoversEveryMethod() {
        let methods = (
            Vneid_V1_AccountService.Method.descriptors + Vneid_V1_PrincipalService.Method.descriptors
                + Vneid_V1_ServiceRegistry.Method.descriptors + Vneid_V1_AuthenticationService.Method.descriptors
        ).map(\.fullyQualifiedMethod)
        #expect(Set(methods) == Set(AccessPolicy.standard.rules.keys))
        #expect(Set(methods.map { $0.replacingOccurrences(of: "vneid.v1.", with: "") }) == Set(Self.calls.map(\.method)))
    }

    @Test("each role may call exactly the RPCs the contract grants it")
    func roleMatrix() async throws {
        let daemon = try await TestDaemon()
        var keys: [Role: String] = [.admin: try daemon.adminKey]
        keys[.registry] = try await daemon.createPrincipal("registry", roles: [.registry])
        keys[.relyingService] = try await daemon.createPrincipal("portal", roles: [.relyingService], services: ["border-portal"])
        keys[.auditor] = try await daemon.createPrincipal("auditor", roles: [.auditor])
        for (role, key) in keys {
            try await daemon.withClient(apiKey: key) { client in
                for (method, call) in Self.calls {
                    let code: VNeIDClientError.Code?
                    do { try await call(client); code = nil } catch let error as VNeIDClientError { code = error.code }
                    if Self.allowed[method]!.contains(role) {
                        #expect(code != .permissionDenied && code != .unauthenticated, "\(role) must be allowed \(method)")
                    } else {
                        #expect(code == .permissionDenied, "\(role) must be denied \(method), got \(String(describing: code))")
                    }
                }
            }
        }
    }

    @Test("no key, a malformed key or an unknown key is UNAUTHENTICATED on every RPC", arguments: [
        nil, "", "Bearer", "vneid_0000000000000000_" + String(repeating: "A", count: 43), "garbage",
    ] as [String?])
    func unauthenticated(_ key: String?) async throws {
        let daemon = try await TestDaemon()
        try await daemon.withClient(apiKey: key) { client in
            for (method, call) in Self.calls {
                let error = await #expect(throws: VNeIDClientError.self) { try await call(client) }
                #expect(error?.code == .unauthenticated, "\(method)")
            }
        }
    }

    @Test("a key with the right id but the wrong secret is refused")
    func wrongSecret() async throws {
        let daemon = try await TestDaemon()
        let key = try daemon.adminKey
        let forged = String(key.dropLast(4)) + (key.hasSuffix("AAAA") ? "BBBB" : "AAAA")
        let error = await #expect(throws: VNeIDClientError.self) { try await daemon.withClient(apiKey: forged) { try await $0.whoAmI() } }
        #expect(error?.code == .unauthenticated)
    }

    @Test("revoking a key or a principal takes effect on the next call")
    func revocation() async throws {
        let daemon = try await TestDaemon()
        let admin = try daemon.adminKey
        let first = try await daemon.createPrincipal("auditor", roles: [.auditor])
        let second = try await daemon.withClient(apiKey: admin) { try await $0.issueAPIKey(for: "auditor") }
        #expect(try await daemon.withClient(apiKey: second.secret) { try await $0.whoAmI() }.name == "auditor")

        let firstID = String(first.dropFirst(6).prefix(16))
        _ = try await daemon.withClient(apiKey: admin) { try await $0.revokeAPIKey(id: firstID) }
        let revokedKey = await #expect(throws: VNeIDClientError.self) { try await daemon.withClient(apiKey: first) { try await $0.whoAmI() } }
        #expect(revokedKey?.code == .unauthenticated)
        #expect(try await daemon.withClient(apiKey: second.secret) { try await $0.whoAmI() }.name == "auditor")

        _ = try await daemon.withClient(apiKey: admin) { try await $0.revokePrincipal("auditor") }
        let revokedPrincipal = await #expect(throws: VNeIDClientError.self) { try await daemon.withClient(apiKey: second.secret) { try await $0.whoAmI() } }
        #expect(revokedPrincipal?.code == .unauthenticated)
    }

    @Test("principal rules: unique names, valid roles and bindings, no self-revocation")
    func principalRules() async throws {
        let daemon = try await TestDaemon()
        try await daemon.withClient(apiKey: try daemon.adminKey) { client in
            let unregistered = await #expect(throws: VNeIDClientError.self) {
                try await client.createPrincipal(name: "portal", roles: [.relyingService], services: ["border-portal"])
            }
            #expect(unregistered?.code == .failedPrecondition)
            #expect(unregistered?.message.contains("vneidctl services add border-portal") == true)
            _ = try await client.addService(ServiceSettings(name: "border-portal", audience: "https://biencanhdientu.gov.vn"))
            _ = try await client.createPrincipal(name: "portal", roles: [.relyingService], services: ["border-portal"])
            let duplicate = await #expect(throws: VNeIDClientError.self) { try await client.createPrincipal(name: "portal", roles: [.auditor]) }
            #expect(duplicate?.code == .alreadyExists)
            let unbound = await #expect(throws: VNeIDClientError.self) { try await client.createPrincipal(name: "p2", roles: [.relyingService]) }
            #expect(unbound?.code == .invalidArgument)
            let badService = await #expect(throws: VNeIDClientError.self) { try await client.createPrincipal(name: "p3", roles: [.relyingService], services: ["Border Portal"]) }
            #expect(badService?.code == .invalidArgument)
            let noRole = await #expect(throws: VNeIDClientError.self) { try await client.createPrincipal(name: "p4", roles: []) }
            #expect(noRole?.code == .invalidArgument)
            let selfRevocation = await #expect(throws: VNeIDClientError.self) { try await client.revokePrincipal("admin") }
            #expect(selfRevocation?.code == .failedPrecondition)
            let listed = try await client.principal("portal")
            #expect(listed.services.map(\.rawValue) == ["border-portal"])
        }
    }
}
