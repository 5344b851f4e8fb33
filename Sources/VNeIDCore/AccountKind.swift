/// The kind of subject a VNeID account belongs to.
public enum AccountKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// A person, identified by the 12-digit personal identification number.
    case citizen
    /// An organization, identified by its 10-digit tax code or 13-digit branch code.
    case organization
}
