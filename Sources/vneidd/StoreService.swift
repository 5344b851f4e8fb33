import Logging
import ServiceLifecycle
import VNeIDCore
import VNeIDPostgres
import VNeIDService
import VNeIDSQLite

/// The store the daemon opened, seen by everything else only as `any VNeIDStore`, and
/// what keeping it open takes.
struct OpenedStore {
    let store: any VNeIDStore
    /// Where it is, for logs and messages (never with a password).
    let description: String
    /// Whether other daemons write it.
    let sharing: StoreSharing
    /// Keeps it open while the daemon runs and closes it at the end.
    let service: StoreService

    /// Opens the store at `location`, bringing its schema up to date.
    static func open(_ location: StoreLocation, logger: Logger) async throws -> OpenedStore {
        switch location {
        case .sqlite(let path):
            let store: SQLiteStore
            do { store = try SQLiteStore(path: path) } catch {
                throw ConfigurationError("cannot open database \(path): \(error)")
            }
            return OpenedStore(
                store: store, description: path, sharing: .exclusive,
                service: StoreService(
                    logger: logger,
                    // Copies the WAL into the database file beside the writer every second.
                    maintain: { try await store.checkpoint() },
                    close: { try await store.close() }
                )
            )
        case .postgresql(let configuration):
            let store: PostgresStore
            do { store = try await PostgresStore(configuration, logger: logger) } catch let error as VNeIDError {
                throw ConfigurationError("cannot use the database \(configuration.redactedDescription): \(error.message)")
            }
            return OpenedStore(
                store: store, description: configuration.redactedDescription, sharing: .shared,
                service: StoreService(logger: logger, maintain: nil, close: { await store.close() })
            )
        }
    }
}

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
