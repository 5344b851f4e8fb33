import struct Foundation.Date

/// A station commander's standing authorization (ủy quyền) for one deputy to decide
/// suspensions and restores, valid within a window and revocable.
public struct StationAuthorization: Sendable, Hashable {
    /// `auth_` and 16 hex digits.
    public var id: String
    /// The station.
    public var stationID: StationID
    /// The deputy it authorizes.
    public var deputy: OrderActor
    /// The commander who granted it.
    public var grantedBy: OrderActor
    /// When it was granted.
    public var grantedAt: Date
    /// From when it is valid.
    public var validFrom: Date
    /// Until when (exclusive) it is valid.
    public var validUntil: Date
    /// The commander's decision or note it rests on. May be empty.
    public var note: String
    /// When it was revoked, if it was.
    public var revokedAt: Date?
    /// Who revoked it.
    public var revokedBy: OrderActor?

    /// Creates an authorization.
    public init(
        id: String, stationID: StationID, deputy: OrderActor, grantedBy: OrderActor, grantedAt: Date,
        validFrom: Date, validUntil: Date, note: String = "", revokedAt: Date? = nil, revokedBy: OrderActor? = nil
    ) {
        self.id = id
        self.stationID = stationID
        self.deputy = deputy
        self.grantedBy = grantedBy
        self.grantedAt = grantedAt
        self.validFrom = validFrom
        self.validUntil = validUntil
        self.note = note
        self.revokedAt = revokedAt
        self.revokedBy = revokedBy
    }

    /// Whether the deputy may decide under it at `now`.
    public func isInForce(at now: Date) -> Bool {
        revokedAt == nil && validFrom <= now && now < validUntil
    }
}
