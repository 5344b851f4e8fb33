import ArgumentParser
import Foundation
import Logging
import VNeIDCore
import VNeIDPostgres
import VNeIDSQLite

/// `vneidd migrate-store`: copies an embedded deployment's SQLite store into a new
/// PostgreSQL database, whole, in one transaction, and verifies the audit chain there.
struct MigrateStore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate-store",
        abstract: "Copies an embedded deployment (DATA_DIR/vneid.sqlite) into a new, empty PostgreSQL database, then verifies the audit chain there.",
        discussion: """
            Everything is copied: accounts and their statuses, principals and API keys, \
            services, orders with their history, notices, station authorizations, status \
            changes, authentication history, spent one-time tokens and the audit log with \
            the records it binds. The copy is one snapshot of the SQLite file and lands in \
            one transaction: all of it or none of it. Stop the daemon first, so nothing it \
            answers after the snapshot is left behind; then start the daemons with \
            --database and give each a copy of DATA_DIR/audit.key, so heads signed before \
            still verify.

            The password of the database comes from --to-password-file or \
            VNEID_DATABASE_PASSWORD, never from the URL.

            Exit status: 0 copied and verified; 1 the copy or the verification failed \
            (nothing was copied when the copy failed); 2 bad arguments.
            """
    )

    @Option(name: .customLong("from"), help: ArgumentHelp("The embedded deployment's data directory.", valueName: "dir"))
    var dataDirectory: String

    @Option(name: .customLong("to"), help: ArgumentHelp("The PostgreSQL database: postgresql://USER@HOST:PORT/DATABASE[?sslmode=...].", valueName: "url"))
    var database: String

    @Option(name: .customLong("to-password-file"), help: ArgumentHelp("File whose first line is the database password; else VNEID_DATABASE_PASSWORD.", valueName: "file"))
    var passwordFile: String?

    func run() async throws {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .notice
            return handler
        }
        let logger = Logger(label: "vneidd.migrate-store")
        let sourcePath = dataDirectory + "/vneid.sqlite"
        guard FileManager.default.fileExists(atPath: sourcePath) else {
            fail("no embedded store at \(sourcePath): --from names the data directory a vneidd ran on", status: 2)
        }
        var configuration = DaemonConfiguration()
        configuration.applyDatabase(url: database, passwordFile: passwordFile)
        configuration.databasePassword = ProcessInfo.processInfo.environment["VNEID_DATABASE_PASSWORD"]
        guard case .postgresql(let target) = try storeLocation(configuration) else {
            fail("--to must be a postgresql:// URL", status: 2)
        }
        let source: SQLiteStore
        do { source = try SQLiteStore(path: sourcePath) } catch {
            fail("cannot open \(sourcePath): \(error)", status: 1)
        }
        let destination: PostgresStore
        do { destination = try await PostgresStore(target, logger: logger, startupTimeout: .seconds(10)) } catch {
            fail("cannot use \(target.redactedDescription): \(describe(error))", status: 1)
        }
        print("copying \(sourcePath) into \(target.redactedDescription)")
        let queue = BlockingPageQueue(capacity: 4)
        let export = Task {
            do {
                try await source.exportSnapshot(pageSize: 5_000) { queue.put($0) }
                queue.finish()
            } catch {
                queue.finish(failure: error)
            }
        }
        let counts: [String: Int]
        do {
            counts = try await destination.importCopy { try queue.take() }
        } catch {
            queue.stop()
            await export.value
            fail("nothing was copied: \(describe(error))", status: 1)
        }
        await export.value
        for table in StoreCatalogue.tables {
            print("  \(table.name): \(counts[table.name] ?? 0)")
        }
        let verification = try await destination.verifyAuditLog(AuditLogVerification())
        try? await source.close()
        await destination.close()
        guard verification.intact else {
            fail("copied, but the audit chain does not verify in \(target.redactedDescription): \(verification.chainBreak.map { "\($0)" } ?? verification.recordProblems.first?.problem ?? "")", status: 1)
        }
        print("audit chain verified in \(target.redactedDescription): \(verification.lastSequence) entries, \(verification.recordsChecked) records, intact")
    }

    private func storeLocation(_ configuration: DaemonConfiguration) throws -> StoreLocation {
        do {
            return try configuration.storeLocation(dataDirectory: DataDirectory(path: dataDirectory))
        } catch let error as ConfigurationError {
            fail(error.description, status: 2)
        }
    }

    private func describe(_ error: any Error) -> String {
        (error as? VNeIDError)?.message ?? "\(error)"
    }

    private func fail(_ message: String, status: Int32) -> Never {
        FileHandle.standardError.write(Data("vneidd migrate-store: \(message)\n".utf8))
        Foundation.exit(status)
    }
}
