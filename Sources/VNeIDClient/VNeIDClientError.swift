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
    init(_ code: RPCError.Code) {
        switch code {
        case .cancelled: self = .cancelled
        case .invalidArgument: self = .invalidArgument
        case .deadlineExceeded: self = .deadlineExceeded
        case .notFound: self = .notFound
        case .alreadyExists: self = .alreadyExists
        case .permissionDenied: self = .permissionDenied
        case .resourceExhausted: self = .resourceExhausted
        case .failedPrecondition: self = .failedPrecondition
        case .aborted: self = .aborted
        case .outOfRange: self = .outOfRange
        case .unimplemented: self = .unimplemented
        case .internalError: self = .internalError
        case .unavailable: self = .unavailable
        case .dataLoss: self = .dataLoss
        case .unauthenticated: self = .unauthenticated
        default: self = .unknown
        }
    }
}
