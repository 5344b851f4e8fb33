import ArgumentParser
import Foundation
import VNeIDClient

/// A failed command: prints what went wrong to standard error and exits with the code
/// the README documents for that kind of failure.
struct CommandFailure: Error {
    let exitCode: ExitCode

    init(_ error: VNeIDClientError) {
        var text = "vneidctl: \(Self.label(error.code)): \(error.message)\n"
        for violation in error.violations { text += "  \(violation.field): \(violation.description)\n" }
        FileHandle.standardError.write(Data(text.utf8))
        exitCode = Self.exitCode(error.code)
    }

    init(message: String, exitCode: ExitCode) {
        FileHandle.standardError.write(Data("vneidctl: \(message)\n".utf8))
        self.exitCode = exitCode
    }

    static func exitCode(_ code: VNeIDClientError.Code) -> ExitCode {
        switch code {
        case .invalidArgument, .outOfRange: ExitCode(2)
        case .notFound: ExitCode(3)
        case .unauthenticated, .permissionDenied: ExitCode(4)
        case .alreadyExists, .failedPrecondition, .aborted: ExitCode(5)
        case .unavailable, .deadlineExceeded, .resourceExhausted: ExitCode(6)
        default: ExitCode(1)
        }
    }

    private static func label(_ code: VNeIDClientError.Code) -> String {
        switch code {
        case .invalidArgument: "invalid input"
        case .notFound: "not found"
        case .unauthenticated: "not authenticated"
        case .permissionDenied: "permission denied"
        case .alreadyExists: "already exists"
        case .failedPrecondition: "not possible now"
        case .unavailable: "daemon unavailable"
        case .deadlineExceeded: "timed out"
        case .resourceExhausted: "limit exceeded"
        default: code.rawValue
        }
    }
}

extension AsyncParsableCommand {
    /// Runs `body`, converting a `CommandFailure` into its exit code.
    func reportingFailures(_ body: () async throws -> Void) async throws {
        do { try await body() } catch let failure as CommandFailure { throw failure.exitCode }
    }
}
