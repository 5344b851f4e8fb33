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
}
