import VNeIDCore

/// One account record to import, as read from a source file. The server validates it.
public struct AccountImportRecord: Sendable, Equatable {
    /// The 1-based line of the source file, so errors can name it; 0 when there is none.
    public var line: UInt64
    /// The account id as written.
    public var id: String
    /// The stated kind, or `nil` to let the id decide.
    public var kind: AccountKind?
    /// The subject's name.
    public var displayName: String
    /// The assurance level, 1 or 2.
    public var assuranceLevel: Int
    /// The managing organization's id, for a citizen who acts for one.
    public var managingOrganizationID: String?

    /// Creates a record.
    public init(line: UInt64, id: String, kind: AccountKind?, displayName: String, assuranceLevel: Int, managingOrganizationID: String?) {
        self.line = line
        self.id = id
        self.kind = kind
        self.displayName = displayName
        self.assuranceLevel = assuranceLevel
        self.managingOrganizationID = managingOrganizationID
    }
}

/// Options of an import.
public struct AccountImportOptions: Sendable {
    /// Skip bad records and import the rest, instead of importing nothing.
    public var skipInvalid: Bool

    /// Creates options.
    public init(skipInvalid: Bool = false) {
        self.skipInvalid = skipInvalid
    }
}

/// What an import did.
public struct AccountImportSummary: Sendable, Equatable {
    /// A record that was not imported.
    public struct Rejection: Sendable, Equatable {
        /// The record's line in the source file.
        public var line: UInt64
        /// The record's account id as written.
        public var accountID: String
        /// What is wrong with it.
        public var reason: String
    }

    /// Records the server received.
    public var received: UInt64
    /// New accounts written.
    public var created: UInt64
    /// Existing accounts changed.
    public var updated: UInt64
    /// Existing accounts that were already as given.
    public var unchanged: UInt64
    /// Records not imported (by the server and, if reported, the caller).
    public var rejected: UInt64
    /// The first rejections, with reasons.
    public var rejections: [Rejection]

    /// Creates a summary.
    public init(received: UInt64, created: UInt64, updated: UInt64, unchanged: UInt64, rejected: UInt64, rejections: [Rejection]) {
        self.received = received
        self.created = created
        self.updated = updated
        self.unchanged = unchanged
        self.rejected = rejected
        self.rejections = rejections
    }

    /// Whether the import changed nothing at all.
    public var changedNothing: Bool { created == 0 && updated == 0 }
}

/// Sends import records to the server in batches.
public struct AccountImportWriter: Sendable {
    let send: @Sendable ([AccountImportRecord]) async throws -> Void

    /// Sends a batch of records (a few hundred to a few thousand per batch is efficient).
    public func write(_ records: [AccountImportRecord]) async throws {
        try await send(records)
    }
}

/// The answer for one id of a batch status lookup.
public enum AccountStatusLookup: Sendable, Equatable {
    /// The account's status.
    case found(AccountStatus)
    /// The id is not a well-formed account id.
    case invalidID(String)
    /// No account with that id is registered.
    case notFound(String)
}

/// A principal just created, with its first API key (shown only now).
public struct CreatedPrincipal: Sendable {
    /// The principal.
    public var principal: Principal
    /// The whole API key, to hand to the principal's owner.
    public var apiKey: String
}

/// An API key just issued (the secret is shown only now).
public struct IssuedAPIKey: Sendable {
    /// The key's public description.
    public var info: APIKeyInfo
    /// The whole API key.
    public var secret: String
}

/// The daemon's health as the standard health service reports it.
public enum ServingStatus: String, Sendable {
    case serving = "SERVING"
    case notServing = "NOT_SERVING"
    case unknown = "UNKNOWN"
}
