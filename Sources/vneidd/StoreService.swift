import Logging
import ServiceLifecycle
import VNeIDSQLite

/// Keeps the store open while the daemon runs, checkpointing its WAL every second beside
/// the writer, and closes it cleanly after the server has finished its last call and the
/// history recorder its last batch (the service group shuts services down in reverse order).
struct StoreService: Service {
    let store: SQLiteStore
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while (try? await Task.sleep(for: .seconds(1))) != nil {
                do { try await store.checkpoint() } catch {
                    logger.warning("WAL checkpoint failed (retried in a second; nothing is lost): \(error)")
                }
            }
        }
        try await store.close()
    }
}
