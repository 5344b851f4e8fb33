import struct Foundation.Date

/// A signed audit head as a file or a log line keeps it: one JSON object, bytes in
/// lowercase hex, the time both readable and in milliseconds (which the signature covers).
///
///     {"format":"vneid-audit-head-v1","sequence":42,"hash":"…","signed_at":"2026-11-23T04:00:00.123Z",
///      "signed_at_ms":1795406400123,"public_key":"…","key_id":"…","signature":"…"}
public struct SignedAuditHeadDocument: Codable, Sendable, Hashable {
    /// Always `vneid-audit-head-v1`.
    public var format: String
    public var sequence: UInt64
    public var hash: String
    /// For people; `signed_at_ms` is what counts.
    public var signedAt: String
    public var signedAtMs: Int64
    public var publicKey: String
    public var keyId: String
    public var signature: String

    /// The format this version writes and reads.
    public static let currentFormat = "vneid-audit-head-v1"

    /// The document of `head`.
    public init(_ head: SignedAuditHead) {
        format = Self.currentFormat
        sequence = head.sequence
        hash = Hex.encode(head.hash)
        signedAt = head.signedAt.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
        signedAtMs = head.signedAt.millisecondsSince1970
        publicKey = Hex.encode(head.publicKey)
        keyId = head.keyID
        signature = Hex.encode(head.signature)
    }

    /// The head this document describes; `invalidArgument` naming what is malformed. The
    /// signature is not checked here (`SignedAuditHead.problem` does).
    public func head() throws(VNeIDError) -> SignedAuditHead {
        guard format == Self.currentFormat else {
            throw .invalidArgument("the head's format is '\(format)', not \(Self.currentFormat)")
        }
        guard let hash = Hex.decode(hash), hash.count == 32 else { throw .invalidArgument("the head's hash must be 64 hex digits") }
        guard let publicKey = Hex.decode(publicKey), publicKey.count == 32 else { throw .invalidArgument("the head's public_key must be 64 hex digits") }
        guard let signature = Hex.decode(signature), signature.count == 64 else { throw .invalidArgument("the head's signature must be 128 hex digits") }
        return SignedAuditHead(
            sequence: sequence, hash: hash, signedAt: Date(millisecondsSince1970: signedAtMs),
            publicKey: publicKey, signature: signature
        )
    }
}

/// Lowercase hexadecimal text of bytes.
public enum Hex {
    /// `bytes` as lowercase hex.
    public static func encode(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The bytes `text` spells in hex (either case), or `nil` when it is not hex.
    public static func decode(_ text: String) -> [UInt8]? {
        let scalars = Array(text.utf8)
        guard scalars.count % 2 == 0 else { return nil }
        func value(_ digit: UInt8) -> UInt8? {
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(scalars.count / 2)
        var index = 0
        while index < scalars.count {
            guard let high = value(scalars[index]), let low = value(scalars[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }
}
