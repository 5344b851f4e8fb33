import Foundation
import GRDB
import Testing
import VNeIDClient
import VNeIDTestSupport

@Suite("Signed audit heads: a cut tail or a re-hashed chain is caught by anyone holding an earlier head")
struct SignedHeadTests {
    typealias Accounts = AuthenticationWorld.Accounts

    /// Re-chains every entry from `sequence` on after an edit, as someone who knows the
    /// hash rule could: the chain verifies on its own.
    static func rehash(_ world: OfficialsWorld, from sequence: Int64) async throws {
        let database = world.daemon.database
        var previous = try await database.query("SELECT \(database.hex("hash")) FROM audit_log WHERE sequence = \(sequence - 1)")
            .first.flatMap { $0[0] }.map { bytes(hex: $0) } ?? AuditEntry.genesisHash
        var updates: [String] = []
        let rows = try await database.query("""
            SELECT sequence, at_ms, kind, actor_id, actor_name, account_id, order_id, target, detail
            FROM audit_log WHERE sequence >= \(sequence) ORDER BY sequence
            """)
        for row in rows {
            let number = try #require(row[0].flatMap { Int64($0) })
            let event = AuditEvent(
                kind: try #require(row[2].flatMap(AuditKind.init(rawValue:))),
                at: Date(timeIntervalSince1970: Double(try #require(row[1].flatMap { Int64($0) })) / 1000),
                actor: AuditActor(id: row[3] ?? "", name: row[4] ?? ""), accountID: row[5], orderID: row[6], target: row[7], detail: row[8] ?? ""
            )
            let records = try await database.query("""
                SELECT kind, record_id, \(database.hex("digest")) FROM audit_records WHERE sequence = \(number) ORDER BY position
                """).map { record in
                BoundRecord(key: AuditRecordKey(try #require(record[0].flatMap(AuditRecordKind.init(rawValue:))), record[1] ?? ""), digest: bytes(hex: record[2] ?? ""))
            }
            let entry = AuditEntry.chained(event, records: records, sequence: UInt64(number), previousHash: previous)
            updates.append("UPDATE audit_log SET previous_hash = \(database.bytes(entry.previousHash)), hash = \(database.bytes(entry.hash)) WHERE sequence = \(number)")
            previous = entry.hash
        }
        try await database.execute(updates)
    }

    @Test("audit head --out saves a signed head; verify --against holds on the intact chain and fails on a cut tail, naming what was cut")
    func cutTail() async throws {
        let world = try await OfficialsWorld()
        let directory = try TemporaryDirectory()
        let file = directory.path + "/head.json"
        let saved = try await world.daemon.cli(["audit", "head", "--out", file], apiKey: world.auditor)
        #expect(saved.status == 0, "\(saved.stderr)")
        let again = try await world.daemon.cli(["audit", "head", "--out", file], apiKey: world.auditor)
        #expect(again.status != 0, "an existing file is never overwritten")
        let head = try await world.with(world.auditor) { try await $0.auditHead() }
        #expect(head.hasValidSignature)
        let holds = try await world.daemon.cli(["audit", "verify", "--against", file], apiKey: world.auditor)
        #expect(holds.status == 0, "\(holds.stdout) \(holds.stderr)")
        #expect(holds.stdout.contains("the saved head holds"))
        await expectFailure(.permissionDenied) { _ = try await world.with(world.registry) { try await $0.auditHead() } }

        // The last two entries (two principals created) are cut off: the principals they
        // recorded are now bound by no entry, and verification names them.
        let lastTwo = try await world.with(world.auditor) { try await $0.auditEntries(pageSize: 1000) }.entries.suffix(2)
        #expect(lastTwo.map(\.event.kind) == [.principalCreated, .principalCreated])
        try await world.editDatabase("DELETE FROM audit_log WHERE sequence > (SELECT MAX(sequence) - 2 FROM audit_log)")
        let unbound = try await world.with(world.auditor) { try await $0.verifyAuditLog() }
        #expect(unbound.firstBroken == nil && unbound.recordProblems.map(\.id) == lastTwo.compactMap(\.event.target).sorted())
        // Someone who also deletes those principals leaves a log that verifies on its own;
        // only a head saved earlier shows what was cut.
        try await world.daemon.database.execute(lastTwo.compactMap(\.event.target).flatMap { id in
            ["DELETE FROM api_keys WHERE principal_id = \(DatabaseEditor.text(id))", "DELETE FROM principals WHERE id = \(DatabaseEditor.text(id))"]
        })
        let plain = try await world.daemon.cli(["audit", "verify"], apiKey: world.auditor)
        #expect(plain.status == 0, "a cut tail with its records removed is invisible without a saved head: \(plain.stdout)")
        let cut = try await world.daemon.cli(["audit", "verify", "--against", file], apiKey: world.auditor)
        #expect(cut.status == 8)
        #expect(cut.stdout.contains("cut off"), "\(cut.stdout)")
    }

    @Test("a chain re-hashed after an edit verifies alone but not against an earlier head; an altered head file is refused")
    func rehashedChain() async throws {
        let world = try await OfficialsWorld()
        let head = try await world.with(world.auditor) { try await $0.auditHead() }
        let target = try await world.with(world.auditor) { try await $0.auditEntries(AuditFilter(accountID: Accounts.deceased)).entries[0].sequence }
        try await world.editDatabase("UPDATE audit_log SET detail = replace(detail, 'DECEASED', 'SUBJECT_REQUEST') WHERE sequence = \(target)")
        try await Self.rehash(world, from: Int64(target))
        #expect(try await world.with(world.auditor) { try await $0.verifyAuditLog() }.intact, "re-hashed, the chain verifies on its own")
        let result = try await world.with(world.auditor) { try await $0.verifyAuditLog(against: head) }
        #expect(!result.intact)
        #expect(result.againstProblem?.contains("rewritten at or before entry \(head.sequence)") == true, "\(result.againstProblem ?? "")")

        var forged = head
        forged.sequence -= 1
        let refused = try await world.with(world.auditor) { try await $0.verifyAuditLog(against: forged) }
        #expect(refused.againstProblem?.contains("does not carry a valid signature") == true)
    }

    @Test("the daemon signs a head when it starts and appends it to audit-heads.jsonl; a restart keeps its key")
    func periodicHeads() async throws {
        let world = try await OfficialsWorld()
        let journal = world.daemon.dataDirectory + "/audit-heads.jsonl"
        let first = try await world.with(world.auditor) { try await $0.auditHead() }
        // The start-up head is written before the daemon listens.
        let line = try #require(try String(contentsOfFile: journal, encoding: .utf8).split(separator: "\n").first)
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let logged = try decoder.decode(SignedAuditHeadDocument.self, from: Data(line.utf8)).head()
        #expect(logged.hasValidSignature)
        #expect(logged.publicKey == first.publicKey)
        try await world.daemon.stop()
        try await world.daemon.restart()
        let after = try await world.with(world.auditor) { try await $0.verifyAuditLog(against: logged) }
        #expect(after.intact && after.againstHolds == true, "\(after.againstProblem ?? "")")
    }
}
