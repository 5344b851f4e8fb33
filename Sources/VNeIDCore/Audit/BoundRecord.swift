import Crypto

/// The kinds of record that tell a legal story and are bound to the audit chain.
public enum AuditRecordKind: String, Sendable, Hashable, CaseIterable, Codable, Comparable {
    /// An order with its history of events (its notices are records of their own).
    case order = "ORDER"
    /// A notice owed under an order, and its delivery.
    case notice = "NOTICE"
    /// A station commander's authorization of a deputy.
    case authorization = "AUTHORIZATION"
    /// A principal with its roles, attachments and API keys (their secrets' hashes).
    case principal = "PRINCIPAL"
    /// A registered relying service.
    case service = "SERVICE"
    /// An account's lock grounds and suspensions in force; absent while it has none.
    case accountStatus = "ACCOUNT_STATUS"

    /// What a person calls it.
    public var noun: String {
        switch self {
        case .order: "order"
        case .notice: "notice"
        case .authorization: "authorization"
        case .principal: "principal"
        case .service: "service"
        case .accountStatus: "status of account"
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Which record: its kind and id.
public struct AuditRecordKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// What kind of record.
    public var kind: AuditRecordKind
    /// The order, notice, authorization or principal id, the service name or the account id.
    public var id: String

    /// Names a record.
    public init(_ kind: AuditRecordKind, _ id: String) {
        self.kind = kind
        self.id = id
    }

    public var description: String { "\(kind.noun) \(id)" }

    public static func < (lhs: Self, rhs: Self) -> Bool { (lhs.kind, lhs.id) < (rhs.kind, rhs.id) }
}

/// A record as an audit entry binds it: its key and the SHA-256 of its content in
/// canonical form, or no digest when the entry records that the record no longer exists
/// (a removed service, an account with no ground left).
public struct BoundRecord: Sendable, Hashable {
    /// Which record.
    public var key: AuditRecordKey
    /// SHA-256 of the record's canonical content; empty when the record is absent.
    public var digest: [UInt8]

    /// Binds `key` to `digest` as stored.
    public init(key: AuditRecordKey, digest: [UInt8]) {
        self.key = key
        self.digest = digest
    }

    /// Whether the entry records the record's absence.
    public var isAbsent: Bool { digest.isEmpty }

    /// The binding of a record that no longer exists.
    public static func absent(_ key: AuditRecordKey) -> BoundRecord {
        BoundRecord(key: key, digest: [])
    }

    /// The binding of `key` to the content `encode` writes.
    static func digest(_ key: AuditRecordKey, _ encode: (inout CanonicalBytes) -> Void) -> BoundRecord {
        var bytes = CanonicalBytes()
        bytes.append(key.kind.rawValue)
        bytes.append(key.id)
        encode(&bytes)
        return BoundRecord(key: key, digest: Array(SHA256.hash(data: bytes.bytes)))
    }
}
