import SwiftProtobuf
import VNeIDCore
import VNeIDProto

/// One unary method of the VNeID API, independent of any transport: its full name, how to
/// decode its request, and which handler answers it.
///
/// A transport that frames calls by method name (the checkpoint transport) finds the
/// method here; the fuzzer drives every handler through it. The gRPC adapters call the
/// same handlers through grpc-swift's generated service protocols.
public struct UnaryMethod: Sendable {
    /// The method's full name, `package.Service/Method`, as the access policy knows it.
    public let name: String
    /// The type of its request message.
    public let requestType: any SwiftProtobuf.Message.Type
    private let handler: @Sendable (ServiceLayer, any SwiftProtobuf.Message, Caller) async throws -> any SwiftProtobuf.Message

    init<Request: SwiftProtobuf.Message, Response: SwiftProtobuf.Message>(
        _ name: String, handler: @escaping @Sendable (ServiceLayer, Request, Caller) async throws -> Response
    ) {
        self.name = name
        requestType = Request.self
        self.handler = { layer, request, caller in
            guard let request = request as? Request else {
                throw VNeIDError.invalidArgument("\(name) takes a \(Request.protoMessageName) message")
            }
            return try await handler(layer, request, caller)
        }
    }

    /// Decodes a request of this method, or throws `invalidArgument` saying it is not one.
    public func decode(_ bytes: [UInt8]) throws(VNeIDError) -> any SwiftProtobuf.Message {
        do { return try requestType.init(serializedBytes: bytes) } catch {
            throw .invalidArgument("the request is not a valid \(requestType.protoMessageName) message: \(error)")
        }
    }

    /// Answers `request` (of `requestType`) for `caller`, who must have passed the gate:
    /// authenticated, allowed by the access policy, and the request within the input limits.
    public func handle(_ request: any SwiftProtobuf.Message, caller: Caller, in layer: ServiceLayer) async throws -> any SwiftProtobuf.Message {
        try await handler(layer, request, caller)
    }
}

extension UnaryMethod {
    /// Every unary method of the VNeID API. Streaming methods (ImportAccounts,
    /// WatchStatusChanges, WatchNotices, BackupDatabase) are not here.
    public static let all: [UnaryMethod] = [
        UnaryMethod("vneid.v1.AccountService/GetAccount") { (layer, request: Vneid_V1_GetAccountRequest, caller) in
            try await layer.accounts.getAccount(request, caller: caller)
        },
        UnaryMethod("vneid.v1.AccountService/GetAccountStatus") { (layer, request: Vneid_V1_GetAccountStatusRequest, caller) in
            try await layer.accounts.getAccountStatus(request, caller: caller)
        },
        UnaryMethod("vneid.v1.AccountService/BatchGetAccountStatus") { (layer, request: Vneid_V1_BatchGetAccountStatusRequest, caller) in
            try await layer.accounts.batchGetAccountStatus(request, caller: caller)
        },
        UnaryMethod("vneid.v1.AuditService/ListAuditEntries") { (layer, request: Vneid_V1_ListAuditEntriesRequest, caller) in
            try await layer.audit.listAuditEntries(request, caller: caller)
        },
        UnaryMethod("vneid.v1.AuditService/VerifyAuditLog") { (layer, request: Vneid_V1_VerifyAuditLogRequest, caller) in
            try await layer.audit.verifyAuditLog(request, caller: caller)
        },
        UnaryMethod("vneid.v1.AuditService/GetAuditHead") { (layer, request: Vneid_V1_GetAuditHeadRequest, caller) in
            try await layer.audit.getAuditHead(request, caller: caller)
        },
        UnaryMethod("vneid.v1.AuthenticationService/Authenticate") { (layer, request: Vneid_V1_AuthenticateRequest, caller) in
            try await layer.authentication.authenticate(request, caller: caller)
        },
        UnaryMethod("vneid.v1.AuthenticationService/ListAuthenticationHistory") { (layer, request: Vneid_V1_ListAuthenticationHistoryRequest, caller) in
            try await layer.authentication.listHistory(request, caller: caller)
        },
        UnaryMethod("vneid.v1.AuthorizationService/GrantAuthorization") { (layer, request: Vneid_V1_GrantAuthorizationRequest, caller) in
            try await layer.authorizations.grantAuthorization(request, caller: caller)
        },
        UnaryMethod("vneid.v1.AuthorizationService/RevokeAuthorization") { (layer, request: Vneid_V1_RevokeAuthorizationRequest, caller) in
            try await layer.authorizations.revokeAuthorization(request, caller: caller)
        },
        UnaryMethod("vneid.v1.AuthorizationService/ListAuthorizations") { (layer, request: Vneid_V1_ListAuthorizationsRequest, caller) in
            try await layer.authorizations.listAuthorizations(request, caller: caller)
        },
        UnaryMethod("vneid.v1.NoticeService/ListNotices") { (layer, request: Vneid_V1_ListNoticesRequest, caller) in
            try await layer.notices.listNotices(request, caller: caller)
        },
        UnaryMethod("vneid.v1.NoticeService/AcknowledgeNotice") { (layer, request: Vneid_V1_AcknowledgeNoticeRequest, caller) in
            try await layer.notices.acknowledgeNotice(request, caller: caller)
        },
        UnaryMethod("vneid.v1.OrderService/LockAccount") { (layer, request: Vneid_V1_LockAccountRequest, caller) in
            try await layer.orders.lockAccount(request, caller: caller)
        },
        UnaryMethod("vneid.v1.OrderService/RequestLock") { (layer, request: Vneid_V1_RequestLockRequest, caller) in
            try await layer.orders.requestLock(request, caller: caller)
        },
        UnaryMethod("vneid.v1.OrderService/ApproveLockRequest") { (layer, request: Vneid_V1_ApproveLockRequestRequest, caller) in
            try await layer.orders.approveLockRequest(request, caller: caller)
        },
        UnaryMethod("vneid.v1.OrderService/RefuseLockRequest") { (layer, request: Vneid_V1_RefuseLockRequestRequest, caller) in
            try await layer.orders.refuseLockRequest(request, caller: caller)
        },
        UnaryMethod("vneid.v1.OrderService/UnlockAccount") { (layer, request: Vneid_V1_UnlockAccountRequest, caller) in
            try await layer.orders.unlockAccount(request, caller: caller)
        },
        UnaryMethod("vneid.v1.OrderService/SuspendLogin") { (layer, request: Vneid_V1_SuspendLoginRequest, caller) in
            try await layer.orders.suspendLogin(request, caller: caller)
        },
        UnaryMethod("vneid.v1.OrderService/RestoreLogin") { (layer, request: Vneid_V1_RestoreLoginRequest, caller) in
            try await layer.orders.restoreLogin(request, caller: caller)
        },
        UnaryMethod("vneid.v1.OrderService/GetOrder") { (layer, request: Vneid_V1_GetOrderRequest, caller) in
            try await layer.orders.getOrder(request, caller: caller)
        },
        UnaryMethod("vneid.v1.OrderService/ListOrders") { (layer, request: Vneid_V1_ListOrdersRequest, caller) in
            try await layer.orders.listOrders(request, caller: caller)
        },
        UnaryMethod("vneid.v1.PrincipalService/CreatePrincipal") { (layer, request: Vneid_V1_CreatePrincipalRequest, caller) in
            try await layer.principals.createPrincipal(request, caller: caller)
        },
        UnaryMethod("vneid.v1.PrincipalService/ListPrincipals") { (layer, request: Vneid_V1_ListPrincipalsRequest, caller) in
            try await layer.principals.listPrincipals(request, caller: caller)
        },
        UnaryMethod("vneid.v1.PrincipalService/GetPrincipal") { (layer, request: Vneid_V1_GetPrincipalRequest, caller) in
            try await layer.principals.getPrincipal(request, caller: caller)
        },
        UnaryMethod("vneid.v1.PrincipalService/RevokePrincipal") { (layer, request: Vneid_V1_RevokePrincipalRequest, caller) in
            try await layer.principals.revokePrincipal(request, caller: caller)
        },
        UnaryMethod("vneid.v1.PrincipalService/IssueApiKey") { (layer, request: Vneid_V1_IssueApiKeyRequest, caller) in
            try await layer.principals.issueAPIKey(request, caller: caller)
        },
        UnaryMethod("vneid.v1.PrincipalService/RevokeApiKey") { (layer, request: Vneid_V1_RevokeApiKeyRequest, caller) in
            try await layer.principals.revokeAPIKey(request, caller: caller)
        },
        UnaryMethod("vneid.v1.PrincipalService/WhoAmI") { (layer, request: Vneid_V1_WhoAmIRequest, caller) in
            try await layer.principals.whoAmI(request, caller: caller)
        },
        UnaryMethod("vneid.v1.ServiceRegistry/AddService") { (layer, request: Vneid_V1_AddServiceRequest, caller) in
            try await layer.services.addService(request, caller: caller)
        },
        UnaryMethod("vneid.v1.ServiceRegistry/UpdateService") { (layer, request: Vneid_V1_UpdateServiceRequest, caller) in
            try await layer.services.updateService(request, caller: caller)
        },
        UnaryMethod("vneid.v1.ServiceRegistry/RemoveService") { (layer, request: Vneid_V1_RemoveServiceRequest, caller) in
            try await layer.services.removeService(request, caller: caller)
        },
        UnaryMethod("vneid.v1.ServiceRegistry/ListServices") { (layer, request: Vneid_V1_ListServicesRequest, caller) in
            try await layer.services.listServices(request, caller: caller)
        },
        UnaryMethod("vneid.v1.ServiceRegistry/GetService") { (layer, request: Vneid_V1_GetServiceRequest, caller) in
            try await layer.services.getService(request, caller: caller)
        },
    ]

    /// The unary methods by full name.
    public static let byName: [String: UnaryMethod] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })
}
