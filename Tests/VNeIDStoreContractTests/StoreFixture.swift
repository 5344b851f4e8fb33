import Foundation
import VNeIDCore
import VNeIDSQLite
import Testing
import VNeIDTestSupport

/// The stores the contract tests run against: every implementation of `VNeIDStore`.
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    /// The embedded store: a SQLite file in a temporary directory.
    case sqlite

    var testDescription: String { rawValue }
}

/// A new, empty store of one kind, seen only through the contract (`any VNeIDStore`),
/// with what it needs kept alive for the test's duration.
final class StoreFixture: Sendable {
    let kind: StoreKind
    let store: any VNeIDStore
    private let directory: TemporaryDirectory

    init(_ kind: StoreKind) throws {
        self.kind = kind
        directory = try TemporaryDirectory()
        switch kind {
        case .sqlite: store = try SQLiteStore(path: directory.path + "/vneid.sqlite")
        }
    }

    /// A second store over the same data, as a restarted daemon (or another one) opens it.
    func reopened() throws -> any VNeIDStore {
        switch kind {
        case .sqlite: try SQLiteStore(path: directory.path + "/vneid.sqlite")
        }
    }
}
