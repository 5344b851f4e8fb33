import GRPCCore
import GRPCProtobuf
import VNeIDCore

/// The one error type of the client library: a code saying what kind of failure it was,
/// the server's (or the library's) message, and any per-item problems the server listed.
public struct VNeIDClientError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure, as gRPC status codes name them.
    public enum Code: String, Sendable, Equatable {
        case cancelled, unknown, invalidArgument, deadlineExceeded, notFound, alreadyExists
        case permissionDenied, resourceExhausted, failedPrecondition, aborted, outOfRange
        case unimplemented, internalError, unavailable, dataLoss, unauthenticated
    }

    /// One problem with one part of a request, such as one bad line of an import.
    public typealias Violation = VNeIDError.Violation

    /// The kind of failure.
    public var code: Code
    /// What went wrong, for a person to read.
    public var message: String
    /// Per-item problems, when the server listed them.
    public var violations: [Violation]

    /// Creates an error.
    public init(code: Code, message: String, violations: [Violation] = []) {
        self.code = code
        self.message = message
        self.violations = violations
    }

    public var description: String { "\(code.rawValue): \(message)" }

    init(_ error: RPCError) {
        self.init(code: Code(error.code), message: error.message)
        if let status = try? error.unpackGoogleRPCStatus() {
            for detail in status.details {
                guard let badRequest = detail.badRequest else { continue }
                violations += badRequest.violations.map { Violation(field: $0.field, description: $0.violationDescription) }
            }
        }
    }
}

extension VNeIDClientError.Code {
    /// The code of a gRPC status number, as both transports carry it.
    init(statusCode: Int) {
        let codes: [VNeIDClientError.Code] = [
            .cancelled, .unknown, .invalidArgument, .deadlineExceeded, .notFound, .alreadyExists, .permissionDenied,
            .resourceExhausted, .failedPrecondition, .aborted, .outOfRange, .unimplemented, .internalError,
            .unavailable, .dataLoss, .unauthenticated,
        ]
        self = (1...codes.count).contains(statusCode) ? codes[statusCode - 1] : .unknown
    }

    init(_ code: RPCError.Code) {
        self.init(statusCode: code.rawValue)
    }
}
