import GRPCCore
import SwiftProtobuf
import VNeIDGRPCStubs
import VNeIDProto

/// A method of the generated stubs, with its request and response types and descriptor,
/// so that one generic call serves both transports (`VNeIDClient.unary`).
protocol GeneratedMethod {
    associatedtype Input: SwiftProtobuf.Message
    associatedtype Output: SwiftProtobuf.Message
    static var descriptor: MethodDescriptor { get }
}

// Every method of the vneid.v1 services, from the generated stubs; a method missing here
// fails to compile where the client calls it.
extension Vneid_V1_AccountService.Method.BatchGetAccountStatus: GeneratedMethod {}
extension Vneid_V1_AccountService.Method.GetAccount: GeneratedMethod {}
extension Vneid_V1_AccountService.Method.GetAccountStatus: GeneratedMethod {}
extension Vneid_V1_AccountService.Method.ImportAccounts: GeneratedMethod {}
extension Vneid_V1_AccountService.Method.WatchStatusChanges: GeneratedMethod {}
extension Vneid_V1_AuditService.Method.GetAuditHead: GeneratedMethod {}
extension Vneid_V1_AuditService.Method.ListAuditEntries: GeneratedMethod {}
extension Vneid_V1_AuditService.Method.VerifyAuditLog: GeneratedMethod {}
extension Vneid_V1_AuthenticationService.Method.Authenticate: GeneratedMethod {}
extension Vneid_V1_AuthenticationService.Method.ListAuthenticationHistory: GeneratedMethod {}
extension Vneid_V1_AuthorizationService.Method.GrantAuthorization: GeneratedMethod {}
extension Vneid_V1_AuthorizationService.Method.ListAuthorizations: GeneratedMethod {}
extension Vneid_V1_AuthorizationService.Method.RevokeAuthorization: GeneratedMethod {}
extension Vneid_V1_NoticeService.Method.AcknowledgeNotice: GeneratedMethod {}
extension Vneid_V1_NoticeService.Method.ListNotices: GeneratedMethod {}
extension Vneid_V1_NoticeService.Method.WatchNotices: GeneratedMethod {}
extension Vneid_V1_OperationsService.Method.BackupDatabase: GeneratedMethod {}
extension Vneid_V1_OrderService.Method.ApproveLockRequest: GeneratedMethod {}
extension Vneid_V1_OrderService.Method.GetOrder: GeneratedMethod {}
extension Vneid_V1_OrderService.Method.ListOrders: GeneratedMethod {}
extension Vneid_V1_OrderService.Method.LockAccount: GeneratedMethod {}
extension Vneid_V1_OrderService.Method.RefuseLockRequest: GeneratedMethod {}
extension Vneid_V1_OrderService.Method.RequestLock: GeneratedMethod {}
extension Vneid_V1_OrderService.Method.RestoreLogin: GeneratedMethod {}
extension Vneid_V1_OrderService.Method.SuspendLogin: GeneratedMethod {}
extension Vneid_V1_OrderService.Method.UnlockAccount: GeneratedMethod {}
extension Vneid_V1_PrincipalService.Method.CreatePrincipal: GeneratedMethod {}
extension Vneid_V1_PrincipalService.Method.GetPrincipal: GeneratedMethod {}
extension Vneid_V1_PrincipalService.Method.IssueApiKey: GeneratedMethod {}
extension Vneid_V1_PrincipalService.Method.ListPrincipals: GeneratedMethod {}
extension Vneid_V1_PrincipalService.Method.RevokeApiKey: GeneratedMethod {}
extension Vneid_V1_PrincipalService.Method.RevokePrincipal: GeneratedMethod {}
extension Vneid_V1_PrincipalService.Method.WhoAmI: GeneratedMethod {}
extension Vneid_V1_ServiceRegistry.Method.AddService: GeneratedMethod {}
extension Vneid_V1_ServiceRegistry.Method.GetService: GeneratedMethod {}
extension Vneid_V1_ServiceRegistry.Method.ListServices: GeneratedMethod {}
extension Vneid_V1_ServiceRegistry.Method.RemoveService: GeneratedMethod {}
extension Vneid_V1_ServiceRegistry.Method.UpdateService: GeneratedMethod {}
