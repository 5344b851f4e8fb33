/// Verifies an audit log and the records bound to it. A store feeds it from one
/// consistent snapshot: every entry in order (`consume`), then every record as it is now
/// (`check`), then `finish`.
///
/// A record's last binding in the chain is what the record must be now: an edit made in
/// the database is a content mismatch, a deleted record is missing, and a record no entry
/// binds was added outside the chain.
public struct AuditLogVerification: Sendable {
    /// A record that does not match the chain.
    public struct RecordProblem: Sendable, Hashable {
        /// Which record.
        public var key: AuditRecordKey
        /// The last entry that bound it, `nil` when none did.
        public var boundBy: UInt64?
        /// What is wrong, for a person to read.
        public var problem: String
    }

    /// The chain's own check: sequence, links and each entry's hash.
    public private(set) var chain = AuditChainVerifier()
    /// The first entry that does not verify, if any.
    public private(set) var chainBreak: AuditChainVerifier.Break?
    /// The last sequence the log holds, verified or not.
    public private(set) var lastSequence: UInt64 = 0
    /// The hash the log holds at `againstSequence`, if it holds that entry.
    public private(set) var hashAtAgainst: [UInt8]?
    /// Current records checked against their bindings.
    public private(set) var recordsChecked: UInt64 = 0
    /// Every record that does not match, by the entry that bound it (unbound last).
    public private(set) var recordProblems: [RecordProblem] = []

    private let againstSequence: UInt64?
    /// The last binding of each record not yet checked; what is left after the current
    /// records were checked is missing.
    private var pending: [AuditRecordKey: (sequence: UInt64, digest: [UInt8])] = [:]

    /// Starts a verification; `againstSequence` is the entry of a signed head to look up.
    public init(againstSequence: UInt64? = nil) {
        self.againstSequence = againstSequence
    }

    /// Whether the chain and every record verify.
    public var intact: Bool { chainBreak == nil && recordProblems.isEmpty }

    /// The next entry of the log. Its bindings count even past a break in the chain: the
    /// break is reported on its own, and the records are still worth comparing.
    public mutating func consume(_ entry: AuditEntry) {
        if chainBreak == nil {
            do { try chain.verify(entry) } catch { chainBreak = error }
        }
        if entry.sequence == againstSequence { hashAtAgainst = entry.hash }
        lastSequence = max(lastSequence, entry.sequence)
        for record in entry.records { pending[record.key] = (entry.sequence, record.digest) }
    }

    /// A record as it is now, after every entry was consumed.
    public mutating func check(_ record: BoundRecord) {
        recordsChecked += 1
        let key = record.key
        guard let bound = pending.removeValue(forKey: key) else {
            report(key, nil, key.kind == .accountStatus
                ? "account \(key.id) has lock grounds or suspensions in force that no audit entry records: they were added outside the chain"
                : "\(key) was added outside the audit chain: no entry records it")
            return
        }
        if bound.digest.isEmpty {
            report(key, bound.sequence, key.kind == .accountStatus
                ? "account \(key.id) has lock grounds or suspensions in force, but entry \(bound.sequence) recorded that none remained"
                : "\(key) exists again, but entry \(bound.sequence) recorded its removal")
        } else if bound.digest != record.digest {
            report(key, bound.sequence, key.kind == .accountStatus
                ? "the lock grounds or suspensions in force on account \(key.id) no longer match what entry \(bound.sequence) recorded"
                : "\(key) was altered: its content no longer matches what entry \(bound.sequence) recorded")
        }
    }

    /// Reports the bound records that were not found, and orders the problems by the entry
    /// that bound them. Call once, after every current record was checked.
    public mutating func finish() {
        for (key, bound) in pending where !bound.digest.isEmpty {
            report(key, bound.sequence, key.kind == .accountStatus
                ? "the lock grounds or suspensions on account \(key.id) that entry \(bound.sequence) recorded are gone: they were removed outside the chain"
                : "\(key) is missing: entry \(bound.sequence) recorded it")
        }
        pending = [:]
        recordProblems.sort { ($0.boundBy ?? .max, $0.key) < ($1.boundBy ?? .max, $1.key) }
    }

    private mutating func report(_ key: AuditRecordKey, _ boundBy: UInt64?, _ problem: String) {
        recordProblems.append(RecordProblem(key: key, boundBy: boundBy, problem: problem))
    }
}
