import GRPCCore
import Logging
import VNeIDCore

/// Logs every RPC once: at debug level when it succeeds, at notice level when it fails,
/// with the method, the peer, the duration and the status.
struct RequestLoggingInterceptor: ServerInterceptor {
    let logger: Logger

    func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingServerRequest<Input>,
        context: ServerContext,
        next: @Sendable (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
    ) async throws -> StreamingServerResponse<Output> {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            if case .failure(let error) = response.accepted {
                log(context, start: start, error: error)
            } else if logger.logLevel <= .debug {
                logger.debug("rpc ok", metadata: metadata(context, start: start))
            }
            return response
        } catch {
            log(context, start: start, error: error)
            throw error
        }
    }

    private func log(_ context: ServerContext, start: ContinuousClock.Instant, error: any Error) {
        var metadata = metadata(context, start: start)
        if let error = error as? any RPCErrorConvertible {
            metadata["code"] = "\(error.rpcErrorCode)"
            metadata["message"] = "\(error.rpcErrorMessage)"
        } else if let error = error as? RPCError {
            metadata["code"] = "\(error.code)"
            metadata["message"] = "\(error.message)"
        } else {
            metadata["error"] = "\(error)"
        }
        logger.notice("rpc failed", metadata: metadata)
    }

    private func metadata(_ context: ServerContext, start: ContinuousClock.Instant) -> Logger.Metadata {
        let elapsed = ContinuousClock.now - start
        return [
            "method": "\(context.descriptor.fullyQualifiedMethod)",
            "peer": "\(context.remotePeer)",
            "micros": "\(elapsed.wholeMicroseconds)",
        ]
    }
}
