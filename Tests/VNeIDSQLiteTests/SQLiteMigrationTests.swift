import Foundation
import GRDB
import Testing
import VNeIDCore
@testable import VNeIDSQLite
import VNeIDTestSupport

@Suite("SQLite store: databases from before grounds stacked migrate without losing a lock, a suspension or a pending request")
struct SQLiteMigrationTests {
    @Test("v3 → v4: the lock becomes the only ground; services stations acted on become border portals; approvers and requests go to unit 'default'")
    func fromVersion3() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/vneid.sqlite"
        let queue = try DatabaseQueue(path: path)
        try SQLiteStore.migrator.migrate(queue, upTo: "v3: orders, authorizations, notices, status changes and the audit log")
        // The rows a version-3 daemon wrote: a locked account, a suspension of a service not
        // named border-portal, a Police approver, a pending lock request.
        try await queue.write { db in
            try db.execute(sql: """
                INSERT INTO accounts (id, kind, display_name, assurance_level, state, lock_reason, lock_since_ms, lock_order_id, status_version, created_at_ms, updated_at_ms)
                VALUES ('001099000001', 'citizen', 'A', 2, 'locked', 'deceased', 1000, 'ord_dead', 2, 1, 1),
                       ('001099000002', 'citizen', 'B', 2, 'active', NULL, NULL, NULL, 2, 1, 1);
                INSERT INTO services (name, audience, minimum_level, replay_protection, created_at_ms, updated_at_ms)
                VALUES ('lao-cai-portal', 'a', 2, 0, 1, 1), ('tax-portal', 't', 1, 0, 1, 1);
                INSERT INTO suspensions (account_id, service, station_id, since_ms, order_id) VALUES ('001099000002', 'lao-cai-portal', 'lao-cai', 2000, 'ord_susp');
                INSERT INTO principals (id, name, roles, services, created_at_ms) VALUES ('prn_1', 'police', 'AUDITOR,POLICE_APPROVER', '', 1), ('prn_2', 'feed', 'REGISTRY', '', 1);
                INSERT INTO orders (id, kind, account_id, ground, grounds_text, document_reference, requested_by_id, requested_by, state, received_at_ms)
                VALUES ('ord_req', 'LOCK', '001099000002', 'THIRD_PARTY_REQUEST', 'x', '1', 'prn_3', '{"id":"prn_3","name":"court","role":"REQUESTER"}', 'PENDING_REVIEW', 3000),
                       ('ord_dead', 'LOCK', '001099000001', 'DECEASED', '', '', 'prn_2', '{"id":"prn_2","name":"feed","role":"REGISTRY"}', 'EXECUTED', 1000);
                """)
        }
        try queue.close()

        let store = try SQLiteStore(path: path)
        let dead = try #require(try await store.accountStatus(id: AccountID(trusted: "001099000001", kind: .citizen)))
        #expect(dead.locks == [AccountStatus.Lock(reason: .deceased, since: Date(millisecondsSince1970: 1000), orderID: "ord_dead")])
        let suspended = try #require(try await store.accountStatus(id: AccountID(trusted: "001099000002", kind: .citizen)))
        #expect(suspended.locks.isEmpty)
        #expect(suspended.suspensions.map(\.service) == ["lao-cai-portal"])
        #expect(try await store.service(named: ServiceName(trusted: "lao-cai-portal"))?.isBorderPortal == true, "stations acted on it: its suspension stays restorable")
        #expect(try await store.service(named: ServiceName(trusted: "tax-portal"))?.isBorderPortal == false)
        #expect(try await store.principal(idOrName: "police")?.policeUnit == PoliceUnitID.migrated)
        #expect(try await store.principal(idOrName: "feed")?.policeUnit == nil)
        #expect(try await store.order(id: "ord_req")?.policeUnit == PoliceUnitID.migrated)
        #expect(try await store.order(id: "ord_dead")?.policeUnit == nil)
    }

    @Test("v4 → v5: records written before binding are sealed once, by one RECORDS_SEALED entry after the old chain; an edit after it is named")
    func fromVersion4() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/vneid.sqlite"
        let queue = try DatabaseQueue(path: path)
        try SQLiteStore.migrator.migrate(queue, upTo: "v4: stacked lock grounds, border portals, Police units")
        // A version-4 daemon's rows, and its audit entry, which binds no record.
        let old = AuditEntry.chained(
            AuditEvent(kind: .serviceAdded, at: Date(millisecondsSince1970: 1000), actor: .system, target: "tax-portal", detail: "service tax-portal"),
            sequence: 1, previousHash: AuditEntry.genesisHash
        )
        try await queue.write { db in
            try db.execute(sql: """
                INSERT INTO services (name, audience, minimum_level, replay_protection, border_portal, created_at_ms, updated_at_ms)
                VALUES ('tax-portal', 't', 1, 0, 0, 1000, 1000);
                INSERT INTO principals (id, name, roles, services, created_at_ms) VALUES ('prn_2', 'feed', 'REGISTRY', '', 1);
                INSERT INTO api_keys (id, principal_id, secret_hash, created_at_ms) VALUES ('key_2', 'prn_2', zeroblob(32), 1);
                INSERT INTO accounts (id, kind, display_name, assurance_level, state, lock_reason, lock_since_ms, lock_order_id, status_version, created_at_ms, updated_at_ms)
                VALUES ('001099000001', 'citizen', 'A', 2, 'locked', 'deceased', 1000, 'ord_dead', 2, 1, 1);
                INSERT INTO account_locks (account_id, order_id, reason, since_ms) VALUES ('001099000001', 'ord_dead', 'deceased', 1000);
                INSERT INTO orders (id, kind, account_id, ground, grounds_text, document_reference, requested_by_id, requested_by, state, received_at_ms)
                VALUES ('ord_dead', 'LOCK', '001099000001', 'DECEASED', '', 'GCT-1', 'prn_2', '{"id":"prn_2","name":"feed","role":"REGISTRY"}', 'EXECUTED', 1000);
                """)
            try db.execute(sql: """
                INSERT INTO audit_log (sequence, at_ms, kind, actor_id, actor_name, account_id, order_id, target, detail, previous_hash, hash)
                VALUES (1, 1000, 'SERVICE_ADDED', 'system', 'system', NULL, NULL, 'tax-portal', 'service tax-portal', ?, ?)
                """, arguments: [Data(old.previousHash), Data(old.hash)])
        }
        try queue.close()

        let store = try SQLiteStore(path: path)
        let verified = try await store.verifyAuditLog(AuditLogVerification())
        #expect(verified.intact, "\(verified.recordProblems)")
        #expect(verified.chain.verifiedCount == 2, "the old entry verifies unchanged, and the seal follows it")
        #expect(verified.recordsChecked == 4)
        let seal = try #require(try await store.latestAuditEntry())
        #expect(seal.event.kind == .recordsSealed)
        #expect(Set(seal.records.map(\.key)) == [
            AuditRecordKey(.service, "tax-portal"), AuditRecordKey(.principal, "prn_2"),
            AuditRecordKey(.order, "ord_dead"), AuditRecordKey(.accountStatus, "001099000001"),
        ])
        try await store.close()

        let reopened = try SQLiteStore(path: path)
        #expect(try await reopened.latestAuditEntry()?.sequence == 2, "the records are sealed once")
        try await reopened.close()
        let editor = try DatabaseQueue(path: path)
        try await editor.write { db in try db.execute(sql: "UPDATE orders SET document_reference = 'GCT-2' WHERE id = 'ord_dead'") }
        try editor.close()
        let edited = try SQLiteStore(path: path)
        let problems = try await edited.verifyAuditLog(AuditLogVerification()).recordProblems
        #expect(problems.map(\.key) == [AuditRecordKey(.order, "ord_dead")])
        #expect(problems.first?.boundBy == 2)
        try await edited.close()
    }

    @Test("a new database gets no seal entry")
    func newDatabase() async throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(path: directory.path + "/vneid.sqlite")
        #expect(try await store.latestAuditEntry() == nil)
        try await store.close()
    }
}
