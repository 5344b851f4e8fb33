import Crypto
import struct Foundation.Date

/// An audit log entry: an event, its place in the log, and the hashes that chain it to
/// the entry before.
public struct AuditEntry: Sendable, Hashable {
    /// 1, 2, 3… with no gaps.
    public var sequence: UInt64
    /// What happened.
    public var event: AuditEvent
    /// The hash of the entry before (32 zero bytes for the first).
    public var previousHash: [UInt8]
    /// SHA-256 over `previousHash` and this entry's content.
    public var hash: [UInt8]

    /// Creates an entry as stored.
    public init(sequence: UInt64, event: AuditEvent, previousHash: [UInt8], hash: [UInt8]) {
        self.sequence = sequence
        self.event = event
        self.previousHash = previousHash
        self.hash = hash
    }

    /// The entry that follows `previousHash` at `sequence`, with its hash computed.
    public static func chained(_ event: AuditEvent, sequence: UInt64, previousHash: [UInt8]) -> AuditEntry {
        AuditEntry(
            sequence: sequence, event: event, previousHash: previousHash,
            hash: computeHash(event, sequence: sequence, previousHash: previousHash)
        )
    }

    /// The hash of the first entry's predecessor.
    public static let genesisHash = [UInt8](repeating: 0, count: 32)

    /// SHA-256 over the previous hash, the sequence and every field, each field prefixed
    /// with its length so that no two different entries encode alike. Times count in
    /// milliseconds, as stored.
    public static func computeHash(_ event: AuditEvent, sequence: UInt64, previousHash: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: previousHash)
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
        append(event.kind.rawValue)
        append(event.actor.id)
        append(event.actor.name)
        append(event.accountID)
        append(event.orderID)
        append(event.target)
        append(event.detail)
        hasher.update(data: bytes)
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
        guard AuditEntry.computeHash(entry.event, sequence: entry.sequence, previousHash: entry.previousHash) == entry.hash else {
            throw Break(sequence: entry.sequence, reason: "entry \(entry.sequence) was altered: its content does not match its hash")
        }
        headHash = entry.hash
        verifiedCount += 1
        expectedSequence += 1
    }
}
