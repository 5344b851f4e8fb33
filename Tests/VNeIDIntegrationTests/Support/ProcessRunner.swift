import Foundation
import VNeIDTestSupport

/// The outcome of running a program to its end.
struct ProcessOutcome: Sendable {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs programs with their output captured in files (so a chatty program never blocks
/// on a full pipe) and waits for them without blocking a thread.
enum ProcessRunner {
    /// Starts `executable`; its output goes to `stdoutPath` and `stderrPath`.
    static func start(_ executable: String, _ arguments: [String], environment: [String: String] = [:], stdoutPath: String, stderrPath: String, stdin: String? = nil) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var base = ProcessInfo.processInfo.environment
        for key in base.keys where key.hasPrefix("VNEID_") && key != "VNEID_BIN_DIR" { base[key] = nil }
        process.environment = base.merging(environment) { _, new in new }
        _ = FileManager.default.createFile(atPath: stdoutPath, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: stdoutPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
        if let stdin {
            let pipe = Pipe()
            process.standardInput = pipe
            try process.run()
            pipe.fileHandleForWriting.write(Data(stdin.utf8))
            try pipe.fileHandleForWriting.close()
        } else {
            process.standardInput = FileHandle.nullDevice
            try process.run()
        }
        return process
    }

    /// Waits for `process` to end, polling so no thread is blocked; kills it after `timeout`.
    static func wait(_ process: Process, timeout: Duration = .seconds(120)) async throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            if ContinuousClock.now > deadline {
                kill(process.processIdentifier, SIGKILL)
                throw TestFailure("\(process.executableURL?.lastPathComponent ?? "process") did not finish within \(timeout)")
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        return process.terminationStatus
    }

    /// Runs a program to its end and returns its status and output.
    static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:], stdin: String? = nil, in directory: TemporaryDirectory) async throws -> ProcessOutcome {
        let id = UUID().uuidString
        let stdoutPath = directory.path + "/\(id).out"
        let stderrPath = directory.path + "/\(id).err"
        let process = try start(executable, arguments, environment: environment, stdoutPath: stdoutPath, stderrPath: stderrPath, stdin: stdin)
        let status = try await wait(process)
        return ProcessOutcome(
            status: status,
            stdout: (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? ""
        )
    }
}

/// A failure of the test harness itself, with a message that says what happened.
struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
