import VNeIDCore

/// Who may call which RPC, by the method's full name (`package.Service/Method`).
///
/// The same table serves every transport. A method missing from it is refused: the policy
/// fails closed.
public struct AccessPolicy: Sendable {
    /// Who may call one method.
    public enum Rule: Sendable, Equatable {
        /// Any caller with a valid key.
        case anyAuthenticated
        /// Callers holding at least one of these roles.
        case roles(Set<Role>)
    }

    /// The rule of every method, by full name.
    public let rules: [String: Rule]

    /// Creates a policy from a table of rules.
    public init(rules: [String: Rule]) {
        self.rules = rules
    }

    /// Checks that `caller` may call `method`, or throws `permissionDenied` saying which
    /// roles would be needed.
    public func authorize(_ caller: Caller, toCall method: String) throws(VNeIDError) {
        switch rules[method] {
        case .anyAuthenticated:
            return
        case .roles(let allowed):
            guard caller.principal.roles.isDisjoint(with: allowed) else { return }
            let needed = allowed.sorted().map(\.rawValue).joined(separator: " or ")
            throw .permissionDenied("principal '\(caller.principal.name)' may not call \(method): it needs the \(needed) role")
        case nil:
            throw .permissionDenied("\(method) is not open to any caller")
        }
    }

    /// The policy of the VNeID API.
    public static let standard = AccessPolicy(rules: [
        "vneid.v1.AccountService/ImportAccounts": .roles([.registry]),
        "vneid.v1.AccountService/GetAccount": .roles([.registry, .auditor]),
        "vneid.v1.AccountService/GetAccountStatus": .roles([.registry, .auditor, .relyingService]),
        "vneid.v1.AccountService/BatchGetAccountStatus": .roles([.registry, .auditor, .relyingService]),
        "vneid.v1.PrincipalService/CreatePrincipal": .roles([.admin]),
        "vneid.v1.PrincipalService/ListPrincipals": .roles([.admin, .auditor]),
        "vneid.v1.PrincipalService/GetPrincipal": .roles([.admin, .auditor]),
        "vneid.v1.PrincipalService/RevokePrincipal": .roles([.admin]),
        "vneid.v1.PrincipalService/IssueApiKey": .roles([.admin]),
        "vneid.v1.PrincipalService/RevokeApiKey": .roles([.admin]),
        "vneid.v1.PrincipalService/WhoAmI": .anyAuthenticated,
        "vneid.v1.ServiceRegistry/AddService": .roles([.admin]),
        "vneid.v1.ServiceRegistry/UpdateService": .roles([.admin]),
        "vneid.v1.ServiceRegistry/RemoveService": .roles([.admin]),
        "vneid.v1.ServiceRegistry/ListServices": .roles([.admin, .auditor]),
        "vneid.v1.ServiceRegistry/GetService": .roles([.admin, .auditor]),
        // The handler also checks that the caller is bound to the service it names.
        "vneid.v1.AuthenticationService/Authenticate": .roles([.relyingService]),
        "vneid.v1.AuthenticationService/ListAuthenticationHistory": .roles([.registry, .auditor]),
        "vneid.v1.AccountService/WatchStatusChanges": .roles([.registry, .auditor, .relyingService]),
        "vneid.v1.OrderService/LockAccount": .roles([.registry]),
        "vneid.v1.OrderService/RequestLock": .roles([.requester]),
        "vneid.v1.OrderService/ApproveLockRequest": .roles([.policeApprover]),
        "vneid.v1.OrderService/RefuseLockRequest": .roles([.policeApprover]),
        // The rules decide which of the two may lift which lock.
        "vneid.v1.OrderService/UnlockAccount": .roles([.registry, .policeApprover]),
        // A deputy also needs the commander's authorization in force; the rules check it.
        "vneid.v1.OrderService/SuspendLogin": .roles([.stationCommander, .stationDeputy]),
        "vneid.v1.OrderService/RestoreLogin": .roles([.stationCommander, .stationDeputy]),
        // Requesters see their own orders, stations their station's; the handler filters.
        "vneid.v1.OrderService/GetOrder": .roles(Self.orderReaders),
        "vneid.v1.OrderService/ListOrders": .roles(Self.orderReaders),
        "vneid.v1.AuthorizationService/GrantAuthorization": .roles([.stationCommander]),
        "vneid.v1.AuthorizationService/RevokeAuthorization": .roles([.stationCommander]),
        "vneid.v1.AuthorizationService/ListAuthorizations": .roles([.stationCommander, .stationDeputy, .auditor]),
        // Each caller sees the notices of its own delivery channels; auditors see all.
        "vneid.v1.NoticeService/ListNotices": .roles([.registry, .relyingService, .requester, .auditor]),
        "vneid.v1.NoticeService/WatchNotices": .roles([.registry, .relyingService, .requester, .auditor]),
        "vneid.v1.NoticeService/AcknowledgeNotice": .roles([.registry, .relyingService, .requester]),
        "vneid.v1.AuditService/ListAuditEntries": .roles([.auditor, .admin]),
        "vneid.v1.AuditService/VerifyAuditLog": .roles([.auditor, .admin]),
        "vneid.v1.AuditService/GetAuditHead": .roles([.auditor, .admin]),
        "vneid.v1.OperationsService/BackupDatabase": .roles([.admin, .auditor]),
        // Reflection (served with --reflection) describes the API, public in proto/; any
        // principal may read it, no caller without a key.
        "grpc.reflection.v1.ServerReflection/ServerReflectionInfo": .anyAuthenticated,
        "grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo": .anyAuthenticated,
    ])

    private static let orderReaders: Set<Role> = [
        .auditor, .policeApprover, .registry, .requester, .stationCommander, .stationDeputy,
    ]
}
