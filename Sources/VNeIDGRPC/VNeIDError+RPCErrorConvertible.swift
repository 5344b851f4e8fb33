import GRPCCore
import GRPCProtobuf
import VNeIDCore

/// Domain errors reach gRPC callers as the matching status code with the domain's
/// message. Violations (for example the bad lines of an import) travel as a standard
/// `google.rpc.BadRequest` in the `grpc-status-details-bin` trailer. Both are first cut
/// down to what clients accept in trailers (`fittedForCallers`).
extension VNeIDError: RPCErrorConvertible {
    public var rpcErrorCode: RPCError.Code {
        // Every code of ours is a gRPC code by number.
        Status.Code(rawValue: code.statusCode).flatMap(RPCError.Code.init) ?? .internalError
    }

    public var rpcErrorMessage: String { fittedForCallers.message }

    public var rpcErrorMetadata: Metadata {
        guard !violations.isEmpty else { return [:] }
        let fitted = fittedForCallers
        let status = GoogleRPCStatus(
            code: rpcErrorCode,
            message: fitted.message,
            details: [.badRequest(violations: fitted.violations.map {
                ErrorDetails.BadRequest.FieldViolation(field: $0.field, description: $0.description)
            })]
        )
        return status.rpcErrorMetadata
    }
}
