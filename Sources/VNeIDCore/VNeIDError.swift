/// An error of the VNeID domain, with a code that says what kind of failure it is and a
/// message that tells a person what to do about it.
///
/// Codes mirror the gRPC status codes, so every transport can report them precisely; the
/// mapping itself lives in the transport adapters, not here.
public struct VNeIDError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure.
    public enum Code: String, Sendable, Equatable, CaseIterable {
        case invalidArgument
        case notFound
        case alreadyExists
        case failedPrecondition
        case permissionDenied
        case unauthenticated
        case resourceExhausted
        case unavailable
        case internalError

        /// The gRPC status code number, which every transport reports (gRPC in its status,
        /// the frames protocol in `CallStatus.code`).
        public var statusCode: Int {
            switch self {
            case .invalidArgument: 3
            case .notFound: 5
            case .alreadyExists: 6
            case .permissionDenied: 7
            case .resourceExhausted: 8
            case .failedPrecondition: 9
            case .internalError: 13
            case .unavailable: 14
            case .unauthenticated: 16
            }
        }
    }

    /// One problem with one part of a request, for example one bad line of an import.
    public struct Violation: Sendable, Equatable {
        /// Where the problem is, for example `line 17` or `account_id`.
        public var field: String
        /// What is wrong there.
        public var description: String

        /// Creates a violation for `field`.
        public init(field: String, description: String) {
            self.field = field
            self.description = description
        }
    }

    /// The kind of failure.
    public var code: Code
    /// What went wrong, for a person to read and act on.
    public var message: String
    /// The individual problems, when a request had several.
    public var violations: [Violation]

    /// Creates an error.
    public init(_ code: Code, _ message: String, violations: [Violation] = []) {
        self.code = code
        self.message = message
        self.violations = violations
    }

    public var description: String { "\(code.rawValue): \(message)" }

    /// A request argument is malformed.
    public static func invalidArgument(_ message: String) -> Self { Self(.invalidArgument, message) }
    /// The thing asked for does not exist.
    public static func notFound(_ message: String) -> Self { Self(.notFound, message) }
    /// What the request would create exists already.
    public static func alreadyExists(_ message: String) -> Self { Self(.alreadyExists, message) }
    /// The system is not in a state where the request can be carried out.
    public static func failedPrecondition(_ message: String) -> Self {
        Self(.failedPrecondition, message)
    }
    /// The caller is known but may not do this.
    public static func permissionDenied(_ message: String) -> Self { Self(.permissionDenied, message) }
    /// The caller could not be identified.
    public static func unauthenticated(_ message: String) -> Self { Self(.unauthenticated, message) }
    /// The request exceeds a limit.
    public static func resourceExhausted(_ message: String) -> Self { Self(.resourceExhausted, message) }
    /// A dependency (storage, for one) cannot serve the request right now; retrying may work.
    public static func unavailable(_ message: String) -> Self { Self(.unavailable, message) }
    /// A fault of ours, not of the request.
    public static func internalError(_ message: String) -> Self { Self(.internalError, message) }
}
