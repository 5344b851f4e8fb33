import Foundation
import Logging
import VNeIDCore
import VNeIDPostgres
import VNeIDSQLite
import Testing
import VNeIDTestSupport

/// The stores the contract tests run against: every implementation of `VNeIDStore`.
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    /// The embedded store: a SQLite file in a temporary directory.
    case sqlite
    /// The shared store: a new database on the PostgreSQL server `tools/test` starts.
    case postgresql

    var testDescription: String { rawValue }

    /// The stores this run tests: PostgreSQL too when tools/test has started its server.
    static var allCases: [StoreKind] { TestPostgres.isAvailable ? [.sqlite, .postgresql] : [.sqlite] }

    /// Whether several daemons may share the store (and so its caches must follow writes
    /// made through another store on the same data).
    var isShared: Bool { self == .postgresql }
}

/// A new, empty store of one kind, seen only through the contract (`any VNeIDStore`),
/// with what it needs kept alive for the test's duration.
final class StoreFixture: Sendable {
    let kind: StoreKind
    let store: any VNeIDStore
    private let directory: TemporaryDirectory
    private let databaseURL: String?

    init(_ kind: StoreKind) async throws {
        self.kind = kind
        directory = try TemporaryDirectory()
        switch kind {
        case .sqlite:
            databaseURL = nil
            store = try SQLiteStore(path: directory.path + "/vneid.sqlite")
        case .postgresql:
            let url = try await TestPostgres.newDatabase()
            databaseURL = url
            store = try await TestPostgres.open(url)
        }
    }

    /// A second store over the same data, as a restarted daemon (or another one) opens it.
    func reopened() async throws -> any VNeIDStore {
        switch kind {
        case .sqlite: try SQLiteStore(path: directory.path + "/vneid.sqlite")
        case .postgresql: try await TestPostgres.open(databaseURL ?? "")
        }
    }
}

extension TestPostgres {
    /// A store over the database at `url`, as a daemon opens it.
    static func open(_ url: String) async throws -> PostgresStore {
        let configuration = try PostgresStoreConfiguration(url: url, password: nil, maximumConnections: 16)
        return try await PostgresStore(configuration, logger: Logger(label: "vneid.test.postgres"), startupTimeout: .seconds(10))
    }
}
