import GRPCCore
import GRPCProtobuf
import VNeIDCore

/// Domain errors reach gRPC callers as the matching status code with the domain's
/// message. Violations (for example the bad lines of an import) travel as a standard
/// `google.rpc.BadRequest` in the `grpc-status-details-bin` trailer.
extension VNeIDError: RPCErrorConvertible {
    public var rpcErrorCode: RPCError.Code {
        switch code {
        case .invalidArgument: .invalidArgument
        case .notFound: .notFound
        case .alreadyExists: .alreadyExists
        case .failedPrecondition: .failedPrecondition
        case .permissionDenied: .permissionDenied
        case .unauthenticated: .unauthenticated
        case .resourceExhausted: .resourceExhausted
        case .unavailable: .unavailable
        case .internalError: .internalError
        }
    }

    public var rpcErrorMessage: String { message }

    public var rpcErrorMetadata: Metadata {
        guard !violations.isEmpty else { return [:] }
        let status = GoogleRPCStatus(
            code: rpcErrorCode,
            message: message,
            details: [.badRequest(violations: violations.map {
                ErrorDetails.BadRequest.FieldViolation(field: $0.field, description: $0.description)
            })]
        )
        return status.rpcErrorMetadata
    }
}
