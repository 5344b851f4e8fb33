/// The textual form of an API key: `vneid_<id>_<secret>`, where the id is 16 lowercase
/// hex digits naming the key and the secret is 43 base64url characters (256 random bits).
///
/// The id lets the server find the key's stored hash; only the hash of the secret is stored.
public struct APIKeyText: Sendable, Hashable {
    /// The key's public identifier.
    public let id: String
    /// The secret part, to be hashed and compared.
    public let secret: String

    /// The prefix every key starts with, so leaked keys are easy to recognise and scan for.
    public static let prefix = "vneid_"
    /// Length of the id part in characters.
    public static let idLength = 16
    /// Length of the secret part in characters (32 bytes in unpadded base64url).
    public static let secretLength = 43

    /// Splits a key into its id and secret, or returns `nil` when it is not shaped like one.
    public init?(parsing text: some StringProtocol) {
        let bytes = Array(text.utf8)
        let prefixLength = Self.prefix.utf8.count
        guard bytes.count == prefixLength + Self.idLength + 1 + Self.secretLength,
              bytes.starts(with: Self.prefix.utf8),
              bytes[prefixLength + Self.idLength] == UInt8(ascii: "_")
        else { return nil }
        let idBytes = bytes[prefixLength..<(prefixLength + Self.idLength)]
        let secretBytes = bytes[(prefixLength + Self.idLength + 1)...]
        guard idBytes.allSatisfy(Self.isLowerHex), secretBytes.allSatisfy(Self.isBase64URL) else {
            return nil
        }
        self.id = String(decoding: idBytes, as: UTF8.self)
        self.secret = String(decoding: secretBytes, as: UTF8.self)
    }

    /// Assembles a key from its parts.
    public init(id: String, secret: String) {
        self.id = id
        self.secret = secret
    }

    /// The whole key, as a caller sends it.
    public var text: String { Self.prefix + id + "_" + secret }

    private static func isLowerHex(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f"))
    }

    private static func isBase64URL(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
            return true
        default:
            return false
        }
    }
}
