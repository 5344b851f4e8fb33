/// The identifier of a Police unit (đơn vị Công an) that receives lock requests, such as
/// `ca-lang-son`: 1 to 63 lowercase letters, digits and hyphens, starting with a letter.
/// A `POLICE_APPROVER` belongs to one unit, and a lock request is addressed to one.
public struct PoliceUnitID: LowercaseLabelIdentifier {
    /// The id as written.
    public let rawValue: String

    public static let noun = "Police unit"
    public static let example = "ca-lang-son"

    /// The unit that databases from before units existed put every approver and every lock
    /// request in, so that the requests pending then stay decidable by the same people.
    public static let migrated = PoliceUnitID(trusted: "default")

    /// An id read back from storage, where it was validated when stored.
    public init(trusted rawValue: String) {
        self.rawValue = rawValue
    }
}
