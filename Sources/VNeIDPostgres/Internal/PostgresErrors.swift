import PostgresNIO
import VNeIDCore

/// What a database failure means to a caller.
enum PostgresErrors {
    /// `error` as the status a caller gets: the store's own errors pass through; an
    /// unreachable or restarting server, a lost connection or a conflict worth retrying is
    /// `UNAVAILABLE` (try again); anything else the server refused is `INTERNAL`, with
    /// its SQLSTATE.
    static func mapped(_ error: any Error, location: String) -> any Error {
        if error is VNeIDError || error is CancellationError { return error }
        if let error = error as? PostgresTransactionError {
            return mapped(error.closureError ?? error.commitError ?? error.beginError ?? error.rollbackError ?? error, location: location)
        }
        guard let error = error as? PSQLError else {
            return VNeIDError.unavailable("the database at \(location) cannot be used now (\(error)); try again shortly")
        }
        guard let server = error.serverInfo, let state = server[.sqlState] else {
            return VNeIDError.unavailable("the database at \(location) cannot be reached (\(error.code)); try again shortly")
        }
        let message = server[.message] ?? "no message"
        // 08: connection exception; 53: insufficient resources; 57P: operator intervention
        // (shutdown, restart); 40001/40P01: serialization failure, deadlock; 55P03: the
        // writer lock not granted within lock_timeout (many writers at once).
        if state.hasPrefix("08") || state.hasPrefix("53") || state.hasPrefix("57P") || state == "40001" || state == "40P01" || state == "55P03" {
            return VNeIDError.unavailable("the database at \(location) cannot serve now (\(message), SQLSTATE \(state)); try again shortly")
        }
        return VNeIDError.internalError("the database at \(location) refused a statement: \(message) (SQLSTATE \(state))")
    }

    /// Whether `error` is the server's unique-key violation.
    static func isUniqueViolation(_ error: any Error) -> Bool {
        (error as? PSQLError)?.serverInfo?[.sqlState] == "23505"
    }
}
