import Dispatch
import Logging
import NIOCore
import PostgresNIO
import Synchronization
import VNeIDCore

/// One leased connection, driven synchronously from a session thread: the SQL of a store
/// operation written as straight-line code, as the SQLite store's is, and the
/// `OrderTransaction` the core's order algorithm needs.
///
/// Each call sends its query on the connection's event loop and blocks the calling thread
/// until the answer arrives. That thread is always one `PostgresStore.onSessionThread`
/// hands out (a thread of the store's `NIOThreadPool`), never a thread of the Swift pool and never
/// an event loop: the wait depends only on the event loop and the server, which never
/// wait on it, so it cannot deadlock (see `PostgresStore`'s concurrency model).
final class PostgresSession {
    private let connection: PostgresConnection
    private let logger: Logger

    init(_ connection: PostgresConnection, logger: Logger) {
        BlockingWait.assertOffTheSwiftPool("a PostgreSQL session")
        self.connection = connection
        self.logger = logger
    }

    /// The longest one statement may take before its connection is closed, which fails
    /// it: the bound on how long a call waits for a server that stopped answering without
    /// closing the connection.
    static let statementTimeout = TimeAmount.seconds(15)
    /// The longest a statement that waits for an advisory lock may take: past the
    /// server's `lock_timeout` (`PostgresStoreConfiguration.lockTimeout`), which ends the
    /// wait with an error first.
    static let lockWaitTimeout = TimeAmount.seconds(45)
    /// The longest one statement of an account import may take: it applies millions of
    /// records at once (imports have no client deadline either).
    static let bulkStatementTimeout = TimeAmount.minutes(30)

    /// Runs `query` and returns its rows; its answer may take up to `timeout`.
    @discardableResult
    func rows(_ query: PostgresQuery, timeout: TimeAmount = statementTimeout) throws -> [PostgresColumns] {
        try answer(to: query, timeout: timeout).rows.map { PostgresColumns($0.makeRandomAccess()) }
    }

    /// Sends `query` and waits for its answer, at most `timeout`.
    private func answer(to query: PostgresQuery, timeout: TimeAmount = statementTimeout) throws -> PostgresQueryResult {
        let future = try Self.send(query, on: connection, logger: logger)
        let answered = DispatchSemaphore(value: 0)
        future.whenComplete { _ in answered.signal() }
        var abandoned = false
        if answered.wait(timeout: .now() + .nanoseconds(Int(timeout.nanoseconds))) == .timedOut {
            Self.abandon(query, on: connection, logger: logger)
            abandoned = true
            answered.wait()
        }
        do {
            return try future.wait()
        } catch where abandoned {
            throw Self.noAnswer(within: timeout)
        }
    }

    /// Sends `query` on `connection` and suspends (never blocks) until its answer, at most
    /// `timeout`: for a statement sent from a task (`PostgresStore.withConnection`).
    static func answer(to query: PostgresQuery, on connection: PostgresConnection, timeout: TimeAmount, logger: Logger) async throws -> PostgresQueryResult {
        let future = try send(query, on: connection, logger: logger)
        let abandoned = Atomic(false)
        let timer = connection.eventLoop.scheduleTask(in: timeout) {
            abandoned.store(true, ordering: .sequentiallyConsistent)
            abandon(query, on: connection, logger: logger)
        }
        future.whenComplete { _ in timer.cancel() }
        do {
            return try await future.get()
        } catch where abandoned.load(ordering: .sequentiallyConsistent) {
            throw noAnswer(within: timeout)
        }
    }

    /// What a statement past its timeout fails with.
    private static func noAnswer(within timeout: TimeAmount) -> VNeIDError {
        .unavailable("the database gave no answer within \(timeout.nanoseconds / 1_000_000_000) s, so the connection was closed; try again shortly")
    }

    /// Sends `query`, unless the connection is closed already: a statement sent on a
    /// closed connection may never be answered (seen with a ROLLBACK after the server
    /// went down).
    private static func send(_ query: PostgresQuery, on connection: PostgresConnection, logger: Logger) throws -> EventLoopFuture<PostgresQueryResult> {
        guard !connection.isClosed else {
            throw VNeIDError.unavailable("the connection to the database was lost; try again shortly")
        }
        return connection.query(query, logger: logger)
    }

    /// Closes the connection of a statement past its timeout, which fails the statement.
    private static func abandon(_ query: PostgresQuery, on connection: PostgresConnection, logger: Logger) {
        logger.error("PostgreSQL gave no answer within the statement timeout; closing the connection", metadata: ["sql": "\(query.sql.prefix(200))"])
        connection.close().whenComplete { _ in }
    }

    /// Runs `query` and returns its first row, if any.
    func one(_ query: PostgresQuery) throws -> PostgresColumns? {
        try rows(query).first
    }

    /// Runs `query` and returns how many rows it wrote.
    @discardableResult
    func execute(_ query: PostgresQuery, timeout: TimeAmount = statementTimeout) throws -> Int {
        try answer(to: query, timeout: timeout).metadata.rows ?? 0
    }

    /// Streams `count` rows into `columns` of `table` with COPY FROM STDIN; `line(n)` is
    /// row `n` in COPY's text format, ending in a newline. Lines are made as they are
    /// sent, a megabyte at a time, so a million rows are never all held as text at once.
    ///
    /// postgres-nio's COPY is async: it runs in a task of its own while this (session)
    /// thread waits for it; the task never waits on this thread, so the wait ends.
    func copy(into table: String, columns: [String], count: Int, line: @escaping @Sendable (Int) -> String) throws {
        let connection = self.connection
        let logger = self.logger
        let outcome = Mutex<Result<Void, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task {
            let result: Result<Void, any Error>
            do {
                try await connection.copyFrom(table: table, columns: columns, logger: logger) { writer in
                    var buffer = ByteBuffer()
                    for index in 0 ..< count {
                        buffer.writeString(line(index))
                        if buffer.readableBytes >= 1 << 20 {
                            try await writer.write(buffer)
                            buffer.clear()
                        }
                    }
                    if buffer.readableBytes > 0 { try await writer.write(buffer) }
                }
                result = .success(())
            } catch {
                result = .failure(error)
            }
            outcome.withLock { $0 = result }
            done.signal()
        }
        done.wait()
        try outcome.withLock { $0 }?.get()
    }

    /// `value` as a field of COPY's text format: `\N` for NULL, and the backslash, tab,
    /// newline and carriage return escaped.
    static func copyField(_ value: String?) -> String {
        guard let value else { return "\\N" }
        var field = ""
        field.reserveCapacity(value.utf8.count)
        for character in value.unicodeScalars {
            switch character {
            case "\\": field += "\\\\"
            case "\t": field += "\\t"
            case "\n": field += "\\n"
            case "\r": field += "\\r"
            default: field.unicodeScalars.append(character)
            }
        }
        return field
    }

    /// Whether `query` returns any row.
    func exists(_ query: PostgresQuery) throws -> Bool {
        try !rows(query).isEmpty
    }
}

/// One result row, read by column position: `let name: String = try row(1)`.
struct PostgresColumns {
    private let row: PostgresRandomAccessRow

    init(_ row: PostgresRandomAccessRow) {
        self.row = row
    }

    /// The value of column `index`; an optional type reads NULL as `nil`.
    func callAsFunction<T: PostgresDecodable>(_ index: Int, as type: T.Type = T.self) throws -> T {
        try row[index].decode(T.self)
    }
}

/// Builds a query whose conditions are chosen at run time, numbering its parameters.
struct PostgresQueryBuilder {
    private(set) var bindings = PostgresBindings()

    /// A builder with no parameters yet.
    init() {}

    /// A builder whose `$1`, `$2`, ... are `values`.
    init(binding values: String...) {
        for value in values { bindings.append(value) }
    }

    /// A builder whose `$1` is `number`.
    init(bindingNumber number: Int64) {
        bindings.append(number)
    }

    /// The placeholder for `value`, bound as the next parameter.
    mutating func bind(_ value: some PostgresDynamicTypeEncodable) -> String {
        bindings.append(value)
        return "$\(bindings.count)"
    }

    /// The placeholder for `value`, bound as the next parameter (NULL when `nil`).
    mutating func bind<Value: PostgresDynamicTypeEncodable>(_ value: Value?) -> String {
        bindings.append(value)
        return "$\(bindings.count)"
    }

    /// The query `sql`, whose placeholders came from `bind`.
    func query(_ sql: String) -> PostgresQuery {
        PostgresQuery(unsafeSQL: sql, binds: bindings)
    }
}
