import GRPCCore
import Logging
import VNeIDCore
import VNeIDService

/// gRPC's side of the service layer's `CallObserver`: every RPC is counted, timed and
/// logged once, when it ends. A call ends when its response is refused, or, once accepted,
/// when its producer returns (the last message of a stream, or a unary call's one).
///
/// It is the outermost interceptor, so the call it binds to `ObservedCall.current` is the
/// one the gate and the handlers add the principal, account and order to.
struct CallObservingInterceptor: ServerInterceptor {
    let observer: CallObserver

    func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingServerRequest<Input>,
        context: ServerContext,
        next: @Sendable (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
    ) async throws -> StreamingServerResponse<Output> {
        let observer = self.observer
        let call = observer.begin(method: context.descriptor.fullyQualifiedMethod)
        let peer = context.remotePeer
        var response: StreamingServerResponse<Output>
        do {
            response = try await ObservedCall.$current.withValue(call) { try await next(request, context) }
        } catch {
            observer.end(call, error: error, peer: peer)
            throw error
        }
        switch response.accepted {
        case .failure(let error):
            observer.end(call, error: error, peer: peer)
        case .success(var contents):
            let producer = contents.producer
            contents.producer = { writer in
                do {
                    let trailers = try await ObservedCall.$current.withValue(call) { try await producer(writer) }
                    observer.end(call, code: 0, peer: peer)
                    return trailers
                } catch {
                    observer.end(call, error: error, peer: peer)
                    throw error
                }
            }
            response.accepted = .success(contents)
        }
        return response
    }
}

extension CallObserver {
    /// Records the end of `call` failed with `error`, under the status its client gets.
    func end(_ call: ObservedCall, error: any Error, peer: String) {
        if let error = error as? any RPCErrorConvertible {
            end(call, code: error.rpcErrorCode.rawValue, message: error.rpcErrorMessage, peer: peer)
        } else if let error = error as? RPCError {
            end(call, code: error.code.rawValue, message: error.message, peer: peer)
        } else {
            end(call, code: RPCError.Code.unknown.rawValue, message: "\(error)", peer: peer)
        }
    }
}
