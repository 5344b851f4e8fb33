import Logging
import ServiceLifecycle

/// Keeps the store open while the daemon runs, doing its upkeep every second, and closes
/// it cleanly after the server has finished its last call and the history recorder its
/// last batch (the service group shuts services down in reverse order).
struct StoreService: Service {
    let logger: Logger
    /// The store's upkeep, every second (SQLite: a WAL checkpoint), if it needs any.
    let maintain: (@Sendable () async throws -> Void)?
    let close: @Sendable () async throws -> Void

    func run() async throws {
        await cancelWhenGracefulShutdown {
            guard let maintain else {
                while (try? await Task.sleep(for: .seconds(3600))) != nil {}
                return
            }
            while (try? await Task.sleep(for: .seconds(1))) != nil {
                do { try await maintain() } catch {
                    logger.warning("store upkeep failed (retried in a second; nothing is lost): \(error)")
                }
            }
        }
        try await close()
    }
}
