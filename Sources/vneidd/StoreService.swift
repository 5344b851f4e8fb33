import ServiceLifecycle
import VNeIDSQLite

/// Keeps the store open while the daemon runs and closes it cleanly, after the server has
/// finished its last call (the service group shuts services down in reverse order).
struct StoreService: Service {
    let store: SQLiteStore

    func run() async throws {
        try? await gracefulShutdown()
        try store.close()
    }
}
