import Logging
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
