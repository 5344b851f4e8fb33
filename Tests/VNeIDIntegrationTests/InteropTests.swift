import Foundation
import Testing

@Suite("Clients in other languages")
struct InteropTests {
    @Test("Python's grpcio, with stubs generated from proto/, can use the daemon")
    func pythonClient() async throws {
        let daemon = try await TestDaemon()
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        // tools/test installs grpcio into .build-python; VNEID_PYTHON names another interpreter.
        let python = ProcessInfo.processInfo.environment["VNEID_PYTHON"] ?? packageRoot.appendingPathComponent(".build-python/bin/python").path
        try #require(FileManager.default.isExecutableFile(atPath: python), "no Python with grpcio at \(python): run tools/test, which installs it")
        let outcome = try await ProcessRunner.run(
            python,
            [packageRoot.appendingPathComponent("Tests/Interop/python_client.py").path, packageRoot.appendingPathComponent("proto").path, daemon.address, try daemon.adminKey],
            in: daemon.directory
        )
        #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
        #expect(outcome.stdout.contains("checks passed"))
    }
}
