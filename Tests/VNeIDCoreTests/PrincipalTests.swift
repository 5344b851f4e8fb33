import Testing
import VNeIDCore

@Suite("Principals, roles and API key text")
struct PrincipalTests {
    @Test("roles parse from any common spelling")
    func roleSpellings() throws {
        #expect(try Role(parsing: "relying-service") == .relyingService)
        #expect(try Role(parsing: "ADMIN") == .admin)
        #expect(try Role(parsing: "auditor") == .auditor)
        #expect(throws: VNeIDError.self) { try Role(parsing: "root") }
    }

    @Test("a relying service must be bound to a service, and only it may be")
    func serviceBinding() throws {
        let portal = try ServiceName(validating: "border-portal")
        try Principal.validateNew(name: "portal", roles: [.relyingService], services: [portal])
        #expect(throws: VNeIDError.self) { try Principal.validateNew(name: "portal", roles: [.relyingService], services: []) }
        #expect(throws: VNeIDError.self) { try Principal.validateNew(name: "feed", roles: [.registry], services: [portal]) }
        #expect(throws: VNeIDError.self) { try Principal.validateNew(name: "nobody", roles: [], services: []) }
        #expect(throws: VNeIDError.self) { try Principal.validateNew(name: "bad name", roles: [.auditor], services: []) }
    }

    @Test("a requester may not also be a Police approver; each alone, or with other roles, is fine")
    func rolesKeptApart() throws {
        let error = #expect(throws: VNeIDError.self) {
            try Principal.validateNew(name: "both", roles: [.requester, .policeApprover], services: [], requesterType: .proceduralAgency)
        }
        #expect(error?.code == .invalidArgument)
        #expect(error?.message.contains("cannot hold both REQUESTER and POLICE_APPROVER") == true)
        try Principal.validateNew(name: "agency", roles: [.requester, .auditor], services: [], requesterType: .proceduralAgency)
        try Principal.validateNew(name: "police", roles: [.policeApprover, .auditor], services: [], policeUnit: PoliceUnitID(trusted: "ca-ha-noi"))
    }

    @Test("a Police approver names its unit, and only it may")
    func policeUnits() throws {
        let unit = try PoliceUnitID(validating: "ca-lang-son")
        #expect(throws: VNeIDError.self) { try Principal.validateNew(name: "police", roles: [.policeApprover], services: []) }
        #expect(throws: VNeIDError.self) { try Principal.validateNew(name: "feed", roles: [.registry], services: [], policeUnit: unit) }
        #expect(throws: VNeIDError.self) { try PoliceUnitID(validating: "CA Lạng Sơn") }
        try Principal.validateNew(name: "police", roles: [.policeApprover], services: [], policeUnit: unit)
    }

    @Test("service names are lowercase DNS-like labels", arguments: ["Border", "-portal", "", "a b", String(repeating: "a", count: 64)])
    func badServiceNames(_ name: String) {
        #expect(throws: VNeIDError.self) { try ServiceName(validating: name) }
    }

    @Test("API key text round-trips and rejects anything else")
    func apiKeyText() {
        let secret = String(repeating: "A", count: 42) + "_"
        let key = APIKeyText(id: "0123456789abcdef", secret: secret)
        #expect(APIKeyText(parsing: key.text) == key)
        #expect(APIKeyText(parsing: "vneid_0123456789ABCDEF_" + secret) == nil)
        #expect(APIKeyText(parsing: "vneid_0123456789abcdef_" + secret + "A") == nil)
        #expect(APIKeyText(parsing: "vneid_0123456789abcdef_" + String(repeating: "=", count: 43)) == nil)
        #expect(APIKeyText(parsing: "") == nil)
    }
}
