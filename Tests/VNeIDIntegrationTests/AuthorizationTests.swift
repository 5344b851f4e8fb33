import Foundation
import GRPCCore
import Testing
import VNeIDClient
import VNeIDTestSupport
import VNeIDGRPCStubs
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
        ("AccountService/WatchStatusChanges", { client in try await untilOpen { try await client.watchStatusChanges(onOpen: $0) { _ in false } } }),
        ("OrderService/LockAccount", { _ = try await $0.lockAccount("001099099999", grounds: OrderGrounds(ground: .termsViolation, text: "vi phạm điều khoản sử dụng"), requestID: "r") }),
        ("OrderService/RequestLock", { _ = try await $0.requestLock("001099099999", grounds: OrderGrounds(ground: .thirdPartyRequest, text: "x", documentReference: "1"), policeUnit: "ca-ha-noi", requestID: "r") }),
        ("OrderService/ApproveLockRequest", { _ = try await $0.approveLockRequest("ord_nowhere", requestID: "r") }),
        ("OrderService/RefuseLockRequest", { _ = try await $0.refuseLockRequest("ord_nowhere", reason: "x", requestID: "r") }),
        ("OrderService/UnlockAccount", { _ = try await $0.unlockAccount("001099099999", grounds: OrderGrounds(ground: .subjectRequest), requestID: "r") }),
        ("OrderService/SuspendLogin", { _ = try await $0.suspendLogin("001099099999", grounds: OrderGrounds(ground: .securityRisk, text: "x"), requestID: "r") }),
        ("OrderService/RestoreLogin", { _ = try await $0.restoreLogin("001099099999", grounds: OrderGrounds(ground: .riskResolved, text: "x"), requestID: "r") }),
        ("OrderService/GetOrder", { _ = try await $0.order(id: "ord_nowhere") }),
        ("OrderService/ListOrders", { _ = try await $0.orders() }),
        ("AuthorizationService/GrantAuthorization", { _ = try await $0.grantAuthorization(deputy: "nobody", validUntil: Date().addingTimeInterval(60)) }),
        ("AuthorizationService/RevokeAuthorization", { _ = try await $0.revokeAuthorization(id: "auth_nowhere") }),
        ("AuthorizationService/ListAuthorizations", { _ = try await $0.authorizations() }),
        ("NoticeService/ListNotices", { _ = try await $0.notices() }),
        ("NoticeService/WatchNotices", { client in try await untilOpen { try await client.watchNotices(onOpen: $0) { _ in false } } }),
        ("NoticeService/AcknowledgeNotice", { _ = try await $0.acknowledgeNotice(id: "ntc_nowhere") }),
        ("AuditService/ListAuditEntries", { _ = try await $0.auditEntries() }),
        ("AuditService/VerifyAuditLog", { _ = try await $0.verifyAuditLog() }),
        ("AuditService/GetAuditHead", { _ = try await $0.auditHead() }),
        ("OperationsService/BackupDatabase", { client in
            let directory = try TemporaryDirectory()
            _ = try await client.backupDatabase(to: directory.path + "/backup.sqlite")
        }),
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
        "AccountService/WatchStatusChanges": [.registry, .auditor, .relyingService],
        "OrderService/LockAccount": [.registry],
        "OrderService/RequestLock": [.requester],
        "OrderService/ApproveLockRequest": [.policeApprover],
        "OrderService/RefuseLockRequest": [.policeApprover],
        "OrderService/UnlockAccount": [.registry, .policeApprover],
        "OrderService/SuspendLogin": [.stationCommander, .stationDeputy],
        "OrderService/RestoreLogin": [.stationCommander, .stationDeputy],
        "OrderService/GetOrder": [.auditor, .policeApprover, .registry, .requester, .stationCommander, .stationDeputy],
        "OrderService/ListOrders": [.auditor, .policeApprover, .registry, .requester, .stationCommander, .stationDeputy],
        "AuthorizationService/GrantAuthorization": [.stationCommander],
        "AuthorizationService/RevokeAuthorization": [.stationCommander],
        "AuthorizationService/ListAuthorizations": [.stationCommander, .stationDeputy, .auditor],
        "NoticeService/ListNotices": [.registry, .relyingService, .requester, .auditor],
        "NoticeService/WatchNotices": [.registry, .relyingService, .requester, .auditor],
        "NoticeService/AcknowledgeNotice": [.registry, .relyingService, .requester],
        "AuditService/ListAuditEntries": [.auditor, .admin],
        "AuditService/VerifyAuditLog": [.auditor, .admin],
        "AuditService/GetAuditHead": [.auditor, .admin],
        "OperationsService/BackupDatabase": [.admin, .auditor],
    ]

    @Test("every RPC of every VNeID service, and reflection, has an access rule, and every rule names a real RPC")
    func policyCoversEveryMethod() {
        let methods = (
            Vneid_V1_AccountService.Method.descriptors + Vneid_V1_PrincipalService.Method.descriptors
                + Vneid_V1_ServiceRegistry.Method.descriptors + Vneid_V1_AuthenticationService.Method.descriptors
                + Vneid_V1_OrderService.Method.descriptors + Vneid_V1_AuthorizationService.Method.descriptors
                + Vneid_V1_NoticeService.Method.descriptors + Vneid_V1_AuditService.Method.descriptors
                + Vneid_V1_OperationsService.Method.descriptors
        ).map(\.fullyQualifiedMethod)
        // Reflection (--reflection): v1 from its stubs, v1alpha served under its older name.
        let reflection = Grpc_Reflection_V1_ServerReflection.Method.descriptors.map(\.fullyQualifiedMethod)
        #expect(Set(methods + reflection + ["grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo"]) == Set(AccessPolicy.standard.rules.keys))
        #expect(AccessPolicy.standard.rules["grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo"] == .anyAuthenticated)
        #expect(reflection.allSatisfy { AccessPolicy.standard.rules[$0] == .anyAuthenticated })
        #expect(Set(methods.map { $0.replacingOccurrences(of: "vneid.v1.", with: "") }) == Set(Self.calls.map(\.method)))
    }

    @Test("each role may call exactly the RPCs the contract grants it")
    func roleMatrix() async throws {
        let daemon = try await TestDaemon()
        let keys = try await daemon.principalsOfEveryRole()
        #expect(Set(keys.keys) == Set(Role.allCases), "every role is tried")
        for (role, key) in keys {
            try await daemon.withClient(apiKey: key) { client in
                for (method, call) in Self.calls {
                    var code: VNeIDClientError.Code?
                    var message = ""
                    do { try await call(client) } catch let error as VNeIDClientError { (code, message) = (error.code, error.message) }
                    // The access policy's refusal names the method; the order rules' own
                    // refusals (a deputy without authorization, say) come after it.
                    let refusedByPolicy = code == .permissionDenied && message.contains("may not call vneid.v1.\(method)")
                    if Self.allowed[method]!.contains(role) {
                        #expect(!refusedByPolicy && code != .unauthenticated, "\(role) must be allowed \(method): \(message)")
                    } else {
                        #expect(refusedByPolicy, "\(role) must be denied \(method), got \(String(describing: code)) \(message)")
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

/// Opens a stream and closes it as soon as the daemon accepts it; a refusal is thrown.
private func untilOpen(_ open: @escaping @Sendable (_ onOpen: @escaping @Sendable () async -> Void) async throws -> Void) async throws {
    let (opened, signal) = AsyncStream<Void>.makeStream()
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask {
            try await open { signal.yield() }
            signal.finish()
        }
        group.addTask { for await _ in opened { return } }
        try await group.next()
        group.cancelAll()
    }
}
