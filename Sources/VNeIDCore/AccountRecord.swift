/// The registry-owned data of one account: what a registry feed writes and an import
/// carries. Every value of this type has passed validation.
public struct AccountRecord: Sendable, Hashable {
    /// The account's identifier.
    public let id: AccountID
    /// The subject's name as the registry records it.
    public let displayName: String
    /// The account's assurance level.
    public let assuranceLevel: AssuranceLevel
    /// For a citizen, the organization (managing agency or enterprise) the person acts for.
    public let managingOrganizationID: AccountID?

    /// Whether the account is a citizen's or an organization's; follows from the id.
    public var kind: AccountKind { id.kind }

    /// The longest display name accepted, in characters.
    public static let maximumDisplayNameLength = 200

    /// Validates raw fields into a record, or throws an `invalidArgument` error naming the
    /// first problem found.
    ///
    /// - Parameters:
    ///   - kind: The stated kind, if any; it must agree with the id.
    ///   - managingOrganizationID: Empty or `nil` when none.
    public init(
        id rawID: String,
        kind: AccountKind?,
        displayName: String,
        assuranceLevel: Int,
        managingOrganizationID rawOrganizationID: String?
    ) throws(VNeIDError) {
        let id = try AccountID(validating: rawID)
        if let kind, kind != id.kind {
            throw .invalidArgument("account \(id) is stated to be \(kind.article) but its id is \(id.kind.article)'s (\(id.kind.idDescription))")
        }
        let name = displayName
        guard !name.isEmpty, name.contains(where: { !$0.isWhitespace }) else {
            throw .invalidArgument("account \(id) has an empty display name")
        }
        guard name.count <= Self.maximumDisplayNameLength else {
            throw .invalidArgument("account \(id) has a display name of \(name.count) characters; at most \(Self.maximumDisplayNameLength) are allowed")
        }
        if let problem = OutsideText.problem(in: name, allowingLineBreaks: false) {
            throw .invalidArgument("account \(id) has a display name that \(problem)")
        }
        let level: AssuranceLevel
        do { level = try AssuranceLevel(validating: assuranceLevel) } catch {
            throw .invalidArgument("account \(id): \(error.message)")
        }
        var organization: AccountID?
        if let rawOrganizationID, !rawOrganizationID.isEmpty {
            guard id.kind == .citizen else {
                throw .invalidArgument("account \(id) is an organization and cannot have a managing organization")
            }
            let organizationID: AccountID
            do { organizationID = try AccountID(validating: rawOrganizationID) } catch {
                throw .invalidArgument("account \(id) names a managing organization whose id is invalid: \(error.message)")
            }
            guard organizationID.kind == .organization else {
                throw .invalidArgument("account \(id) names managing organization \(organizationID), which is a personal number, not an organization code")
            }
            organization = organizationID
        }
        self.id = id
        self.displayName = name
        self.assuranceLevel = level
        self.managingOrganizationID = organization
    }

    /// Wraps values that were validated before, such as a row read back from storage.
    public init(
        trustedID id: AccountID,
        displayName: String,
        assuranceLevel: AssuranceLevel,
        managingOrganizationID: AccountID?
    ) {
        self.id = id
        self.displayName = displayName
        self.assuranceLevel = assuranceLevel
        self.managingOrganizationID = managingOrganizationID
    }
}

extension AccountKind {
    fileprivate var article: String { self == .citizen ? "a citizen" : "an organization" }
    fileprivate var idDescription: String {
        self == .citizen ? "12 digits" : "10 or 13 digits"
    }
}
