import struct Foundation.Date

/// A relying service registered by an admin: what its tokens must say to let a person in.
public struct RegisteredService: Sendable, Hashable {
    /// The service's name, as relying-service principals are bound to it.
    public var name: ServiceName
    /// The value the token's `aud` must contain.
    public var audience: String
    /// The lowest assurance level the service accepts.
    public var minimumLevel: AssuranceLevel
    /// Whether tokens are one-time: a `jti` presented twice is denied the second time.
    public var replayProtection: Bool
    /// Whether it is a Border E-procedure Portal: the only services whose login a border
    /// guard station may suspend and restore.
    public var isBorderPortal: Bool
    /// When the service was registered.
    public var createdAt: Date
    /// When its settings last changed.
    public var updatedAt: Date

    /// The longest audience accepted.
    public static let maximumAudienceLength = 512

    /// Creates a service description.
    public init(
        name: ServiceName, audience: String, minimumLevel: AssuranceLevel,
        replayProtection: Bool, isBorderPortal: Bool = false, createdAt: Date, updatedAt: Date
    ) {
        self.name = name
        self.audience = audience
        self.minimumLevel = minimumLevel
        self.replayProtection = replayProtection
        self.isBorderPortal = isBorderPortal
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// Checks an audience given by an admin.
    public static func validateAudience(_ audience: String) throws(VNeIDError) {
        guard !audience.isEmpty, audience.utf8.count <= maximumAudienceLength,
              audience.unicodeScalars.allSatisfy({ !$0.properties.isWhitespace && $0.value >= 0x20 && $0.value != 0x7F })
        else {
            throw .invalidArgument("audience '\(audience)' is invalid: give 1 to \(maximumAudienceLength) characters without spaces, as the tokens' aud claim carries it (for example https://biencanhdientu.gov.vn)")
        }
    }
}
