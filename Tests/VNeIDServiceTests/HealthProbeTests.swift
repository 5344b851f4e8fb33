import Dispatch
import GRDB
import Logging
import Testing
import VNeIDCore
import VNeIDService
@testable import VNeIDSQLite
import VNeIDTestSupport

@Suite("Health tells the truth about the store")
struct HealthProbeTests {
    @Test("NOT_SERVING while every reader is held past the probe's bound, SERVING again once one is free")
    func stuckReaders() async throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(path: directory.path + "/vneid.sqlite")
        let serving = ServingState()
        let probe = StoreHealthProbe(
            store: store, serving: serving, logger: Logger(label: "vneid.test"),
            interval: .milliseconds(50), timeout: .milliseconds(300)
        )
        let probing = Task { await probe.run() }
        defer { probing.cancel() }
        let statuses = serving.changes()
        var iterator = statuses.makeAsyncIterator()
        #expect(await iterator.next() == .serving)

        // Given: every reader connection busy with a read that waits for the test.
        let release = DispatchSemaphore(value: 0)
        let readers = store.maximumReaderCount
        let held = (0..<readers).map { _ in
            Task {
                try await store.read { db in
                    // On the reader's dispatch queue, never the concurrency pool.
                    release.wait()
                    return try Int.fetchOne(db, sql: "SELECT 1")
                }
            }
        }
        // Then: health turns NOT_SERVING,
        #expect(await iterator.next() == .notServing)
        // and SERVING again once the readers are free.
        for _ in 0..<readers { release.signal() }
        #expect(await iterator.next() == .serving)
        for read in held { _ = try await read.value }
        try await store.close()
    }
}
