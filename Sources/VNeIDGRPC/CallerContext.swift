import GRPCCore
import VNeIDService

/// Carries the caller that `AuthenticationInterceptor` authenticated to the service
/// adapters, for the duration of one RPC.
enum CallerContext {
    @TaskLocal static var current: Caller?

    /// The caller of the RPC being handled. Fails closed if the interceptor did not run.
    static func required() throws -> Caller {
        guard let caller = current else {
            throw RPCError(code: .unauthenticated, message: "the call was not authenticated")
        }
        return caller
    }
}
