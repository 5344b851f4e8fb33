import Foundation
import VNeIDTestSupport

/// The outcome of running a program to its end.
struct ProcessOutcome: Sendable {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs the tests' programs (see `ChildProcess`) with their output captured in files, so a
/// chatty program never blocks on a full pipe, and waits for them without blocking a thread.
enum ProcessRunner {
    /// Starts `executable`; its output goes to `stdoutPath` and `stderrPath`. Its environment is
    /// the tests' own without their `VNEID_` settings, plus `environment`.
    static func start(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:], stdoutPath: String, stderrPath: String, stdin: String? = nil
    ) async throws -> ChildProcess {
        try await ChildProcess.start(
            executable, arguments, environment: ChildProcess.environment(environment), stdoutPath: stdoutPath, stderrPath: stderrPath, stdin: stdin
        )
    }

    /// Runs a program to its end and returns its status and output; kills it and fails after `timeout`.
    static func run(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:], stdin: String? = nil, timeout: Duration = .seconds(120),
        in directory: TemporaryDirectory
    ) async throws -> ProcessOutcome {
        let id = UUID().uuidString
        let stdoutPath = directory.path + "/\(id).out"
        let stderrPath = directory.path + "/\(id).err"
        let process = try await start(executable, arguments, environment: environment, stdoutPath: stdoutPath, stderrPath: stderrPath, stdin: stdin)
        let status = try await process.wait(timeout: timeout)
        return ProcessOutcome(
            status: status,
            stdout: (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? ""
        )
    }
}
