import Crypto
import Foundation

/// A statement, signed with the daemon's audit key, that the audit chain had `sequence`
/// entries, the last hashing to `hash`, at `signedAt`. A second party that keeps one can
/// later prove the chain still begins with what was signed, so a cut tail or a chain
/// re-hashed after an edit does not go unnoticed.
public struct SignedAuditHead: Sendable, Hashable {
    /// The number of entries the chain had (the last entry's sequence).
    public var sequence: UInt64
    /// The last entry's hash (`AuditEntry.genesisHash` for an empty chain).
    public var hash: [UInt8]
    /// When it was signed, to the millisecond.
    public var signedAt: Date
    /// The audit public key (Ed25519, 32 bytes raw).
    public var publicKey: [UInt8]
    /// The Ed25519 signature over `signedBytes`.
    public var signature: [UInt8]

    /// Creates a head as received or read from a file; `problem(against:)` checks it.
    public init(sequence: UInt64, hash: [UInt8], signedAt: Date, publicKey: [UInt8], signature: [UInt8]) {
        self.sequence = sequence
        self.hash = hash
        self.signedAt = signedAt
        self.publicKey = publicKey
        self.signature = signature
    }

    /// The key's id: the first 16 hex digits of SHA-256 of the public key.
    public var keyID: String { AuditSigningKey.keyID(of: publicKey) }

    /// What the signature covers: a fixed label, the sequence, the hash and the time in
    /// milliseconds, integers as 8 bytes big-endian.
    public static func signedBytes(sequence: UInt64, hash: [UInt8], signedAt: Date) -> [UInt8] {
        var bytes = CanonicalBytes()
        bytes.appendRaw(Array("vneid-audit-head-v1".utf8))
        bytes.append(sequence)
        bytes.appendRaw(hash)
        bytes.append(signedAt)
        return bytes.bytes
    }

    /// Whether the signature is the public key's over this head.
    public var hasValidSignature: Bool {
        guard hash.count == 32, let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey) else { return false }
        return key.isValidSignature(signature, for: Self.signedBytes(sequence: sequence, hash: hash, signedAt: signedAt))
    }

    /// Why the chain no longer holds this head, or `nil` when it does.
    ///
    /// - Parameters:
    ///   - key: the public key of the daemon whose chain is checked.
    ///   - storedHash: the hash the chain stores for entry `sequence`, `nil` when it has
    ///     no such entry.
    ///   - chainLength: the last sequence the chain has.
    public func problem(key: [UInt8], storedHash: [UInt8]?, chainLength: UInt64) -> String? {
        let signed = "signed at \(signedAt.iso8601) for entry \(sequence)"
        guard hasValidSignature else {
            return "the saved head (\(signed)) does not carry a valid signature of its key \(keyID): the file was altered"
        }
        guard publicKey == key else {
            return "the saved head was signed by audit key \(keyID), but this daemon's audit key is \(AuditSigningKey.keyID(of: key)): the key was replaced, or the head is another daemon's"
        }
        if sequence == 0 { return hash == AuditEntry.genesisHash ? nil : "the saved head names entry 0 with a hash other than the genesis hash" }
        guard let storedHash else {
            return "the chain ends at entry \(chainLength), but a head was \(signed): entries \(chainLength + 1) to \(sequence) at least were cut off"
        }
        guard storedHash == hash else {
            return "entry \(sequence) no longer has the hash \(signed): the chain was rewritten at or before entry \(sequence)"
        }
        return nil
    }
}

/// The daemon's audit key: an Ed25519 private key that signs the chain's heads. Printed,
/// it shows nothing of the key.
public struct AuditSigningKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// Never the key: `AuditSigningKey(redacted)`.
    public var description: String { "AuditSigningKey(redacted)" }
    /// Never the key: `AuditSigningKey(redacted)`.
    public var debugDescription: String { description }

    private let key: Curve25519.Signing.PrivateKey

    /// A new random key.
    public static func generate() -> AuditSigningKey {
        AuditSigningKey(key: Curve25519.Signing.PrivateKey())
    }

    private init(key: Curve25519.Signing.PrivateKey) {
        self.key = key
    }

    /// A key read back from its 32 raw bytes.
    public init(rawRepresentation: [UInt8]) throws(VNeIDError) {
        guard let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: rawRepresentation) else {
            throw .failedPrecondition("the audit key is not a 32-byte Ed25519 private key")
        }
        self.key = key
    }

    /// The 32 raw bytes, to store.
    public var rawRepresentation: [UInt8] { Array(key.rawRepresentation) }

    /// The public key, 32 raw bytes.
    public var publicKey: [UInt8] { Array(key.publicKey.rawRepresentation) }

    /// The key's id: the first 16 hex digits of SHA-256 of the public key.
    public var keyID: String { Self.keyID(of: publicKey) }

    /// The id of `publicKey`.
    public static func keyID(of publicKey: [UInt8]) -> String {
        Hex.encode(Array(SHA256.hash(data: publicKey).prefix(8)))
    }

    /// Signs the head `(sequence, hash)` at `now` (kept to the millisecond).
    public func sign(sequence: UInt64, hash: [UInt8], at now: Date) throws(VNeIDError) -> SignedAuditHead {
        let signedAt = Date(millisecondsSince1970: now.millisecondsSince1970)
        let bytes = SignedAuditHead.signedBytes(sequence: sequence, hash: hash, signedAt: signedAt)
        guard let signature = try? key.signature(for: bytes) else {
            throw .internalError("the audit key could not sign the head")
        }
        return SignedAuditHead(sequence: sequence, hash: hash, signedAt: signedAt, publicKey: publicKey, signature: Array(signature))
    }
}
