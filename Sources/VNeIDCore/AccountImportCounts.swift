import struct Foundation.Date

/// How many records of an import were written and how.
public struct AccountImportCounts: Sendable, Equatable {
    /// New accounts written.
    public var created: Int
    /// Existing accounts whose data changed.
    public var updated: Int
    /// Existing accounts whose data was already as given.
    public var unchanged: Int

    /// Creates counts.
    public init(created: Int = 0, updated: Int = 0, unchanged: Int = 0) {
        self.created = created
        self.updated = updated
        self.unchanged = unchanged
    }
}
