import Foundation
import Subprocess
import Synchronization
import SystemPackage

/// A program a test started (a daemon, the CLI, psql, a Python check), running until it ends.
///
/// Spawned with swift-subprocess, not Foundation's `Process`: on Linux, `Process.run()`
/// reads `/proc/self/fd` copying each entry's whole 256-byte name, past the end of readdir's
/// buffer (swift-corelibs-foundation #5472, unfixed in Swift 6.3.1). With the many sockets a
/// parallel test run holds, that crashed the whole test process in CI. swift-subprocess closes
/// the child's other descriptors with `closefrom` and watches it through a pidfd on its own
/// epoll thread: waiting for a child suspends the task and never holds a thread of the
/// Swift pool.
public final class ChildProcess: Sendable {
    /// The child's process id, valid for signals until `isRunning` is false.
    public let processIdentifier: pid_t
    /// The task that awaits the child's end and returns its exit status (see `exitStatus(_:)`).
    private let ending: Task<Int32, any Error>
    /// The exit status once the child has ended and been reaped.
    private let ended: ExitRecord

    /// The program's file name, for messages.
    private let name: String

    private init(name: String, processIdentifier: pid_t, ending: Task<Int32, any Error>, ended: ExitRecord) {
        self.name = name
        self.processIdentifier = processIdentifier
        self.ending = ending
        self.ended = ended
    }

    deinit {
        // A test that failed half-way leaves no program behind.
        signal(SIGKILL)
    }

    /// Whether the child has not ended yet.
    public var isRunning: Bool { ended.status.withLock { $0 == nil } }

    /// The child's exit status, `nil` while it runs.
    public var terminationStatus: Int32? { ended.status.withLock { $0 } }

    /// Sends `signal` to the child, unless it has ended (its id may then belong to another).
    public func signal(_ signal: Int32) {
        // swift-subprocess reaps the child an instant before it is marked ended here; a signal
        // sent in that instant finds no process, as Linux hands out ids in turn, not at once again.
        ended.status.withLock { status in
            if status == nil { _ = kill(processIdentifier, signal) }
        }
    }

    /// Waits for the child to end and returns its exit status; kills it and fails after `timeout`.
    public func wait(timeout: Duration = .seconds(120)) async throws -> Int32 {
        let ending = ending
        let finished = try await withThrowingTaskGroup(of: Int32?.self) { group in
            group.addTask { try await ending.value }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            return try await group.next() ?? nil
        }
        if let finished { return finished }
        signal(SIGKILL)
        _ = try? await ending.value
        throw TestFailure("\(name) did not finish within \(timeout)")
    }

    /// Starts `executable` with `arguments`; its output goes to the files at `stdoutPath` and
    /// `stderrPath` (created or emptied), so a chatty program never blocks on a full pipe. It
    /// reads `stdin` when given, else /dev/null. `environment` replaces the tests' own.
    public static func start(
        _ executable: String, _ arguments: [String], environment: [String: String], stdoutPath: String, stderrPath: String, stdin: String? = nil
    ) async throws -> ChildProcess {
        if let stdin {
            return try await start(executable, arguments, environment: environment, stdoutPath: stdoutPath, stderrPath: stderrPath, input: .array(Array(stdin.utf8)))
        }
        return try await start(executable, arguments, environment: environment, stdoutPath: stdoutPath, stderrPath: stderrPath, input: .none)
    }

    private static func start<Input: InputProtocol>(
        _ executable: String, _ arguments: [String], environment: [String: String], stdoutPath: String, stderrPath: String, input: Input
    ) async throws -> ChildProcess {
        let output = try FileDescriptor.open(FilePath(stdoutPath), .writeOnly, options: [.create, .truncate], permissions: [.ownerReadWrite, .groupRead, .otherRead])
        let errors: FileDescriptor
        do {
            errors = try FileDescriptor.open(FilePath(stderrPath), .writeOnly, options: [.create, .truncate], permissions: [.ownerReadWrite, .groupRead, .otherRead])
        } catch {
            try? output.close()
            throw error
        }
        var variables: [Environment.Key: String] = [:]
        for (name, value) in environment {
            guard let key = Environment.Key(rawValue: name) else { throw TestFailure("'\(name)' cannot name an environment variable") }
            variables[key] = value
        }
        let ended = ExitRecord()
        let (started, announce) = AsyncStream<pid_t>.makeStream()
        let ending = Task<Int32, any Error> {
            defer { announce.finish() }
            do {
                // The body only announces the id; run() then awaits the child's end and reaps it.
                let result = try await Subprocess.run(
                    .path(FilePath(executable)), arguments: Arguments(arguments), environment: .custom(variables), input: input,
                    output: .fileDescriptor(output, closeAfterSpawningProcess: true), error: .fileDescriptor(errors, closeAfterSpawningProcess: true)
                ) { execution in
                    announce.yield(execution.processIdentifier.value)
                }
                let status = exitStatus(result.terminationStatus)
                ended.status.withLock { $0 = status }
                return status
            } catch {
                ended.status.withLock { $0 = -1 }
                throw error
            }
        }
        for await processIdentifier in started {
            return ChildProcess(name: FilePath(executable).lastComponent?.string ?? executable, processIdentifier: processIdentifier, ending: ending, ended: ended)
        }
        // The stream ended without an id: the program could not be started.
        _ = try await ending.value
        throw TestFailure("\(executable) did not start")
    }

    /// The environment a test's program starts with: the tests' own, without the `VNEID_`
    /// settings meant for the test process (but `VNEID_BIN_DIR`), overridden by `overrides`.
    public static func environment(_ overrides: [String: String]) -> [String: String] {
        var base = ProcessInfo.processInfo.environment
        for key in base.keys where key.hasPrefix("VNEID_") && key != "VNEID_BIN_DIR" { base[key] = nil }
        return base.merging(overrides) { _, new in new }
    }

    /// An exit code, or 128 plus the signal's number for a child a signal ended (as shells say).
    private static func exitStatus(_ status: TerminationStatus) -> Int32 {
        switch status {
        case .exited(let code): code
        case .signaled(let signal): 128 + signal
        }
    }
}

/// How a child ended, shared by its `ChildProcess` and the task that awaits its end.
private final class ExitRecord: Sendable {
    let status = Mutex<Int32?>(nil)
}
