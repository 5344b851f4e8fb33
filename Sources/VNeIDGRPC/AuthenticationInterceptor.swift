import GRPCCore
import Logging
import SwiftProtobuf
import VNeIDCore
import VNeIDService

/// gRPC's side of the service layer's `CallGate`, through which every VNeID RPC passes.
///
/// It takes the API key from the `authorization: Bearer <key>` metadata, has the gate
/// turn it into a caller allowed to call the method (`UNAUTHENTICATED`,
/// `PERMISSION_DENIED`), and runs the handler with the caller in `CallerContext`. Every
/// message the caller sends is checked against the input limits before the handler reads
/// it. Errors that are not ours become `INTERNAL` with the detail in the log, never in
/// the response.
struct AuthenticationInterceptor: ServerInterceptor {
    let gate: CallGate
    let inputLimits: InputLimits
    let serving: ServingState
    let logger: Logger

    func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingServerRequest<Input>,
        context: ServerContext,
        next: @Sendable (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
    ) async throws -> StreamingServerResponse<Output> {
        let method = context.descriptor.fullyQualifiedMethod
        var authorization = request.metadata[stringValues: "authorization"].makeIterator()
        let caller = try await gate.authorize(apiKey: try Self.bearerKey(authorization.next()), method: method)
        var checkedRequest = request
        let limits = inputLimits
        checkedRequest.messages = RPCAsyncSequence(wrapping: request.messages.map { @Sendable message in
            if let message = message as? any SwiftProtobuf.Message { try limits.check(message) }
            return message
        })
        let request = checkedRequest
        let gate = self.gate
        let logger = self.logger
        let serving = self.serving
        var response = try await CallerContext.$current.withValue(caller) {
            try await Self.mappingForeignErrors(method: method, context: context, gate: gate, serving: serving, logger: logger) { try await next(request, context) }
        }
        // A streaming response's producer runs after this returns: give it the caller too,
        // and stop it when the call is cancelled (a watch would otherwise run for ever).
        if case .success(var contents) = response.accepted {
            let producer = contents.producer
            contents.producer = { writer in
                try await CallerContext.$current.withValue(caller) {
                    try await Self.mappingForeignErrors(method: method, context: context, gate: gate, serving: serving, logger: logger) {
                        try await withTaskCancelledWithRPC(serving: serving) { try await producer(writer) }
                    }
                }
            }
            response.accepted = .success(contents)
        }
        return response
    }

    /// The key of an `authorization` metadata value `Bearer <key>`; `nil` when there is none.
    private static func bearerKey(_ authorization: String?) throws(VNeIDError) -> Substring? {
        guard let authorization, !authorization.isEmpty else {
            throw .unauthenticated("no API key: send 'authorization: Bearer <key>' metadata")
        }
        guard authorization.hasPrefix("Bearer ") else {
            throw .unauthenticated("malformed authorization: expected 'Bearer vneid_<id>_<secret>'")
        }
        return authorization.dropFirst(7)
    }

    private static func mappingForeignErrors<T>(
        method: String,
        context: ServerContext,
        gate: CallGate,
        serving: ServingState,
        logger: Logger,
        _ body: () async throws -> T
    ) async throws -> T {
        do {
            return try await body()
        } catch let error where error is any RPCErrorConvertible || error is RPCError {
            throw error
        } catch is CancellationError {
            throw RPCError(code: .cancelled, message: "the call was cancelled")
        } catch where context.cancellation.isCancelled && !serving.isShuttingDown {
            // The client went away or its deadline passed while the handler wrote to it:
            // not a fault of ours, and nobody is left to tell.
            logger.debug("RPC ended because its client went away", metadata: ["method": "\(method)", "error": "\(error)"])
            throw RPCError(code: .cancelled, message: "the call was cancelled")
        } catch {
            throw gate.internalError(error, in: method)
        }
    }
}
