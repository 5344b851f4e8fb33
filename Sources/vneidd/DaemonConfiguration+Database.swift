import Foundation
import VNeIDCore
import VNeIDPostgres

/// Where the daemon stores: the embedded SQLite file, or a shared PostgreSQL database.
enum StoreLocation {
    case sqlite(path: String)
    case postgresql(PostgresStoreConfiguration)
}

extension DaemonConfiguration {
    /// Applies the database settings from any source; `nil` leaves a value as it is.
    mutating func applyDatabase(url: String?, passwordFile: String?) {
        if let url { database = url }
        if let passwordFile { databasePasswordFile = passwordFile }
    }

    /// The store to open: PostgreSQL when a database URL is set (its password read from
    /// the password file, else VNEID_DATABASE_PASSWORD, else none), else SQLite in
    /// `dataDirectory`.
    func storeLocation(dataDirectory: DataDirectory) throws -> StoreLocation {
        guard let database, !database.isEmpty else { return .sqlite(path: dataDirectory.databasePath) }
        var password = databasePassword
        if let file = databasePasswordFile {
            do {
                let text = try String(contentsOfFile: file, encoding: .utf8)
                password = String(text.split(whereSeparator: \.isNewline).first ?? "")
            } catch {
                throw ConfigurationError("cannot read the database password file \(file): \(error.localizedDescription)")
            }
        }
        do {
            return .postgresql(try PostgresStoreConfiguration(url: database, password: password, maximumConnections: limits.databaseConnections))
        } catch {
            throw ConfigurationError(error.message)
        }
    }
}
