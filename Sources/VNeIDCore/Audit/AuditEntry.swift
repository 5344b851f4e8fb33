import Crypto
import struct Foundation.Date

/// An audit log entry: an event, its place in the log, and the hashes that chain it to
/// the entry before.
public struct AuditEntry: Sendable, Hashable {
    /// 1, 2, 3… with no gaps.
    public var sequence: UInt64
    /// What happened.
    public var event: AuditEvent
    /// The records as this entry's change left them, each with the digest of its content.
    /// Entries written before records were bound have none.
    public var records: [BoundRecord]
    /// The hash of the entry before (32 zero bytes for the first).
    public var previousHash: [UInt8]
    /// SHA-256 over `previousHash` and this entry's content.
    public var hash: [UInt8]

    /// Creates an entry as stored.
    public init(sequence: UInt64, event: AuditEvent, records: [BoundRecord] = [], previousHash: [UInt8], hash: [UInt8]) {
        self.sequence = sequence
        self.event = event
        self.records = records
        self.previousHash = previousHash
        self.hash = hash
    }

    /// The entry that follows `previousHash` at `sequence`, with its hash computed.
    public static func chained(_ event: AuditEvent, records: [BoundRecord] = [], sequence: UInt64, previousHash: [UInt8]) -> AuditEntry {
        AuditEntry(
            sequence: sequence, event: event, records: records, previousHash: previousHash,
            hash: computeHash(event, records: records, sequence: sequence, previousHash: previousHash)
        )
    }

    /// The hash of the first entry's predecessor.
    public static let genesisHash = [UInt8](repeating: 0, count: 32)

    /// SHA-256 over the previous hash, the sequence, every field and the bound records,
    /// in `CanonicalBytes` form so that no two different entries encode alike. Entries
    /// that bind no record hash exactly as before records were bound, so older chains
    /// verify unchanged.
    public static func computeHash(_ event: AuditEvent, records: [BoundRecord] = [], sequence: UInt64, previousHash: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: previousHash)
        var bytes = CanonicalBytes()
        bytes.append(sequence)
        bytes.append(event.at)
        bytes.append(event.kind.rawValue)
        bytes.append(event.actor.id)
        bytes.append(event.actor.name)
        bytes.append(event.accountID)
        bytes.append(event.orderID)
        bytes.append(event.target)
        bytes.append(event.detail)
        if !records.isEmpty {
            bytes.append(records) { bytes, record in
                bytes.append(record.key.kind.rawValue)
                bytes.append(record.key.id)
                bytes.append(record.digest)
            }
        }
        hasher.update(data: bytes.bytes)
        return Array(hasher.finalize())
    }
}

/// Checks an audit log from its first entry on, one page at a time.
public struct AuditChainVerifier: Sendable {
    /// Why the chain breaks at an entry.
    public struct Break: Sendable, Hashable, Error {
        /// The first entry that does not verify.
        public var sequence: UInt64
        /// What is wrong, for a person to read.
        public var reason: String
    }

    /// Entries checked so far.
    public private(set) var verifiedCount: UInt64 = 0
    /// The last good entry's hash (the chain's head once all are checked).
    public private(set) var headHash: [UInt8] = AuditEntry.genesisHash
    private var expectedSequence: UInt64 = 1

    /// Creates a verifier at the start of the log.
    public init() {}

    /// Checks the next entry, or throws the first break.
    public mutating func verify(_ entry: AuditEntry) throws(Break) {
        if entry.sequence != expectedSequence {
            throw entry.sequence > expectedSequence
                ? Break(sequence: expectedSequence, reason: "entry \(expectedSequence) is missing: the log jumps from entry \(expectedSequence - 1) to entry \(entry.sequence)")
                : Break(sequence: entry.sequence, reason: "entry \(entry.sequence) appears out of order")
        }
        guard entry.previousHash == headHash else {
            throw Break(sequence: entry.sequence, reason: "entry \(entry.sequence) does not follow entry \(entry.sequence - 1): its previous-hash does not match that entry (an entry before it was altered or removed)")
        }
        guard AuditEntry.computeHash(entry.event, records: entry.records, sequence: entry.sequence, previousHash: entry.previousHash) == entry.hash else {
            throw Break(sequence: entry.sequence, reason: "entry \(entry.sequence) was altered: its content does not match its hash")
        }
        headHash = entry.hash
        verifiedCount += 1
        expectedSequence += 1
    }
}
