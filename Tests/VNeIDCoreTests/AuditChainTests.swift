import Crypto
import Foundation
import Testing
import VNeIDCore

@Suite("The audit hash chain")
struct AuditChainTests {
    static func chain(_ count: Int) -> [AuditEntry] {
        var entries: [AuditEntry] = []
        var previous = AuditEntry.genesisHash
        for index in 1...count {
            let event = AuditEvent(
                kind: .orderExecuted, at: Date(timeIntervalSince1970: 1_800_000_000 + Double(index)),
                actor: AuditActor(id: "prn_\(index)", name: "official-\(index)"), accountID: "001099000001",
                orderID: "ord_\(index)", detail: "LOCK number \(index)"
            )
            let entry = AuditEntry.chained(event, sequence: UInt64(index), previousHash: previous)
            entries.append(entry)
            previous = entry.hash
        }
        return entries
    }

    static func firstBreak(_ entries: [AuditEntry]) -> AuditChainVerifier.Break? {
        var verifier = AuditChainVerifier()
        for entry in entries {
            do { try verifier.verify(entry) } catch { return error }
        }
        return nil
    }

    @Test("an untouched chain verifies")
    func intact() {
        #expect(Self.firstBreak(Self.chain(5)) == nil)
    }

    @Test("an edited field is named as the altered entry")
    func edited() throws {
        var entries = Self.chain(5)
        entries[2].event.detail = "UNLOCK number 3"
        let broken = try #require(Self.firstBreak(entries))
        #expect(broken.sequence == 3)
        #expect(broken.reason.contains("altered"))
    }

    @Test("an edited entry whose hash was recomputed breaks the link to the next one")
    func editedAndRehashed() throws {
        var entries = Self.chain(5)
        entries[1].event.actor.name = "someone-else"
        entries[1].hash = AuditEntry.computeHash(entries[1].event, sequence: 2, previousHash: entries[1].previousHash)
        let broken = try #require(Self.firstBreak(entries))
        #expect(broken.sequence == 3)
    }

    @Test("a removed entry is named as missing")
    func removed() throws {
        var entries = Self.chain(5)
        entries.remove(at: 3)
        let broken = try #require(Self.firstBreak(entries))
        #expect(broken.sequence == 4)
        #expect(broken.reason.contains("missing"))
    }

    @Test("a missing field and an empty one hash differently")
    func absentIsNotEmpty() {
        var event = AuditEvent(kind: .serviceAdded, at: Date(timeIntervalSince1970: 0), actor: .system, target: nil, detail: "x")
        let absent = AuditEntry.computeHash(event, sequence: 1, previousHash: AuditEntry.genesisHash)
        event.target = ""
        #expect(AuditEntry.computeHash(event, sequence: 1, previousHash: AuditEntry.genesisHash) != absent)
    }

    @Test("a signed head verifies under its key only, survives its file form, and names a cut tail, a rewrite and another key")
    func signedHeads() throws {
        let key = AuditSigningKey.generate()
        let hash = [UInt8](repeating: 7, count: 32)
        let head = try key.sign(sequence: 42, hash: hash, at: Date(timeIntervalSince1970: 1_800_000_000.1234))
        #expect(head.hasValidSignature)
        #expect(try SignedAuditHeadDocument(head).head() == head)
        #expect(head.problem(key: key.publicKey, storedHash: hash, chainLength: 50) == nil)
        #expect(head.problem(key: key.publicKey, storedHash: nil, chainLength: 40)?.contains("entries 41 to 42 at least were cut off") == true)
        #expect(head.problem(key: key.publicKey, storedHash: [UInt8](repeating: 8, count: 32), chainLength: 50)?.contains("rewritten") == true)
        #expect(head.problem(key: AuditSigningKey.generate().publicKey, storedHash: hash, chainLength: 50)?.contains("audit key") == true)
        for altered in [
            SignedAuditHead(sequence: 41, hash: hash, signedAt: head.signedAt, publicKey: head.publicKey, signature: head.signature),
            SignedAuditHead(sequence: 42, hash: [UInt8](repeating: 8, count: 32), signedAt: head.signedAt, publicKey: head.publicKey, signature: head.signature),
            SignedAuditHead(sequence: 42, hash: hash, signedAt: head.signedAt.addingTimeInterval(1), publicKey: head.publicKey, signature: head.signature),
        ] {
            #expect(!altered.hasValidSignature)
            #expect(altered.problem(key: key.publicKey, storedHash: hash, chainLength: 50)?.contains("valid signature") == true)
        }
        let restored = try AuditSigningKey(rawRepresentation: key.rawRepresentation)
        #expect(restored.publicKey == key.publicKey)
        #expect(Hex.decode(Hex.encode([0, 1, 0xab, 0xff])) == [0, 1, 0xab, 0xff])
        #expect(Hex.decode("0g") == nil)
    }

    /// The entry hash as it was computed before records were bound, written out again.
    static func hashBeforeRecords(_ event: AuditEvent, sequence: UInt64, previousHash: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = []
        func append(_ value: UInt64) {
            for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
        }
        func append(_ text: String?) {
            guard let text else { bytes.append(0); return }
            bytes.append(1)
            append(UInt64(text.utf8.count))
            bytes.append(contentsOf: text.utf8)
        }
        append(sequence)
        append(UInt64(bitPattern: Int64((event.at.timeIntervalSince1970 * 1000).rounded())))
        for field in [event.kind.rawValue, event.actor.id, event.actor.name, event.accountID, event.orderID, event.target, event.detail] { append(field) }
        return Array(SHA256.hash(data: previousHash + bytes))
    }

    @Test("an entry that binds no record hashes exactly as before binding existed, so older chains verify unchanged")
    func olderChainsUnchanged() {
        for entry in Self.chain(4) {
            #expect(entry.hash == Self.hashBeforeRecords(entry.event, sequence: entry.sequence, previousHash: entry.previousHash))
        }
    }

    /// A chain whose entries bind `records`, one entry each.
    static func binding(_ records: [BoundRecord]) -> [AuditEntry] {
        var previous = AuditEntry.genesisHash
        return records.enumerated().map { index, record in
            let event = AuditEvent(kind: .serviceUpdated, at: Date(millisecondsSince1970: 1000), actor: .system, target: record.key.id, detail: "change \(index)")
            let entry = AuditEntry.chained(event, records: [record], sequence: UInt64(index + 1), previousHash: previous)
            previous = entry.hash
            return entry
        }
    }

    static func service(_ name: String, audience: String = "urn:a") -> RegisteredService {
        RegisteredService(
            name: ServiceName(trusted: name), audience: audience, minimumLevel: .level2, replayProtection: false,
            isBorderPortal: false, createdAt: Date(millisecondsSince1970: 1000), updatedAt: Date(millisecondsSince1970: 1000)
        )
    }

    @Test("records: the last binding is what a record must be; altered, missing, unbound and revived records are named, first recorded first")
    func recordVerification() {
        let entries = Self.binding([
            BoundRecord(Self.service("a")), BoundRecord(Self.service("b")), BoundRecord(Self.service("c")),
            BoundRecord(Self.service("a", audience: "urn:a2")), .absent(AuditRecordKey(.service, "d")),
        ])
        var verification = AuditLogVerification()
        for entry in entries { verification.consume(entry) }
        verification.check(BoundRecord(Self.service("a", audience: "urn:a2")))   // matches its last binding
        verification.check(BoundRecord(Self.service("b", audience: "urn:edited"))) // altered
        // c is missing
        verification.check(BoundRecord(Self.service("d")))                          // removed, yet there
        verification.check(BoundRecord(Self.service("e")))                          // never recorded
        verification.finish()
        #expect(verification.chainBreak == nil)
        #expect(!verification.intact)
        #expect(verification.recordsChecked == 4)
        #expect(verification.recordProblems.map(\.key.id) == ["b", "c", "d", "e"])
        #expect(verification.recordProblems.map(\.boundBy) == [2, 3, 5, nil])
        #expect(verification.recordProblems[0].problem.contains("altered"))
        #expect(verification.recordProblems[1].problem.contains("missing"))
        #expect(verification.recordProblems[2].problem.contains("removal"))
        #expect(verification.recordProblems[3].problem.contains("outside the audit chain"))
    }

    @Test("a binding edited in the log breaks its entry's hash")
    func bindingEdited() {
        var entries = Self.binding([BoundRecord(Self.service("a")), BoundRecord(Self.service("b"))])
        entries[0].records[0].digest[0] ^= 1
        #expect(Self.firstBreak(entries)?.sequence == 1)
        entries = Self.binding([BoundRecord(Self.service("a")), BoundRecord(Self.service("b"))])
        entries[1].records = []
        #expect(Self.firstBreak(entries)?.sequence == 2, "a binding removed from its entry is caught too")
    }

    @Test("every field of a record is in its digest")
    func digestsCoverFields() {
        let base = Self.service("a")
        var changed = [base, base, base, base, base]
        changed[0].audience = "urn:b"
        changed[1].minimumLevel = .level1
        changed[2].replayProtection = true
        changed[3].isBorderPortal = true
        changed[4].updatedAt = Date(millisecondsSince1970: 2000)
        for service in changed { #expect(BoundRecord(service).digest != BoundRecord(base).digest) }
        let status = AccountStatus(accountID: AccountID(trusted: "001099000001", kind: .citizen), locks: [], suspensions: [], statusVersion: 1, updatedAt: Date())
        #expect(BoundRecord(status).isAbsent, "an account with no ground in force has no record")
    }
}
