import struct Foundation.Date

/// An API key as stored: its description, its owner, and the SHA-256 hash of its secret.
public struct APIKeyCredential: Sendable, Hashable {
    /// The key's public description.
    public var info: APIKeyInfo
    /// The principal the key belongs to.
    public var principalID: String
    /// SHA-256 of the key's secret part.
    public var secretHash: [UInt8]

    /// Creates a stored credential.
    public init(info: APIKeyInfo, principalID: String, secretHash: [UInt8]) {
        self.info = info
        self.principalID = principalID
        self.secretHash = secretHash
    }
}
