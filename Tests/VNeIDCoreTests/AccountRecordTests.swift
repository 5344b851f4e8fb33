import Testing
import VNeIDCore

@Suite("Account records")
struct AccountRecordTests {
    private func record(
        id: String = "001099012345", kind: AccountKind? = nil, name: String = "Nguyễn Văn A",
        level: Int = 2, organization: String? = nil
    ) throws(VNeIDError) -> AccountRecord {
        try AccountRecord(id: id, kind: kind, displayName: name, assuranceLevel: level, managingOrganizationID: organization)
    }

    @Test("a citizen acting for an organization keeps the organization id")
    func citizenWithOrganization() throws {
        let record = try record(organization: "0101234567-001")
        #expect(record.kind == .citizen)
        #expect(record.managingOrganizationID?.rawValue == "0101234567001")
    }

    @Test("the kind follows from the id and a stated kind must agree")
    func kindMismatch() throws {
        #expect(try record(kind: .citizen).kind == .citizen)
        let error = #expect(throws: VNeIDError.self) { try record(kind: .organization) }
        #expect(error?.message.contains("stated to be an organization") == true)
    }

    @Test("an organization cannot have a managing organization")
    func organizationWithOrganization() {
        let error = #expect(throws: VNeIDError.self) { try record(id: "0101234567", organization: "0107654321") }
        #expect(error?.message.contains("cannot have a managing organization") == true)
    }

    @Test("the managing organization must be an organization id")
    func citizenAsOrganization() {
        let error = #expect(throws: VNeIDError.self) { try record(organization: "001099012346") }
        #expect(error?.message.contains("personal number, not an organization code") == true)
    }

    @Test("display names must be 1 to 200 printable characters", arguments: ["", "   ", String(repeating: "a", count: 201), "A\nB", "A\tB"])
    func badNames(_ name: String) {
        #expect(throws: VNeIDError.self) { try record(name: name) }
    }

    @Test("a 200-character Vietnamese name is accepted")
    func longName() throws {
        #expect(try record(name: String(repeating: "Đ", count: 200)).displayName.count == 200)
    }

    @Test("assurance levels other than 1 and 2 are rejected", arguments: [0, 3, -1])
    func badLevels(_ level: Int) {
        let error = #expect(throws: VNeIDError.self) { try record(level: level) }
        #expect(error?.message.contains("assurance level must be 1 or 2") == true)
    }
}
