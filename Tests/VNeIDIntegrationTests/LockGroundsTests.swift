import Foundation
import Testing
import VNeIDClient

/// The law read strictly, through the daemon: lock grounds stack and final ones stay; a
/// station decides border-portal login only; a lock request goes to one Police unit; the
/// organization's own request needs the organization.
@Suite("Lock grounds, the border portal's scope, Police units and the facts a ground needs")
struct LockGroundsTests {
    typealias Accounts = AuthenticationWorld.Accounts
    static let lifted = OrderGrounds(ground: .lockGroundsLifted, text: "căn cứ khóa không còn", documentReference: "QĐ 31/CA")
    static let violation = OrderGrounds(ground: .termsViolation, text: "phát tán thông tin sai sự thật qua VNeID")
    static let death = OrderGrounds(ground: .deceased, documentReference: "Trích lục khai tử 88/2026")
    static let letter = OrderGrounds(ground: .thirdPartyRequest, text: "phục vụ điều tra", documentReference: "77/CSĐT", documentDate: LocalDate(year: 2026, month: 11, day: 20))

    static func status(_ world: OfficialsWorld, _ id: String) async throws -> AccountStatus {
        try await world.with(world.auditor) { try await $0.accountStatus(id: id) }
    }

    @Test("a death recorded on an account locked already adds its ground and survives every unlock")
    func deathSurvivesUnlocks() async throws {
        let world = try await OfficialsWorld()
        let first = try await world.with(world.registry) { try await $0.lockAccount(Accounts.loner, grounds: Self.violation, requestID: "g1") }
        let died = try await world.with(world.registry) { try await $0.lockAccount(Accounts.loner, grounds: Self.death, requestID: "g2") }
        #expect(died.order.state == .executed)
        var status = try await Self.status(world, Accounts.loner)
        #expect(status.locks.map(\.reason) == [.termsViolation, .deceased])
        #expect(status.locks.map(\.orderID) == [first.order.id, died.order.id])
        #expect(status.primaryLock?.reason == .deceased, "the final ground is the one the status names")

        // Two grounds: the unlock must say which.
        let ambiguous = await expectFailure(.invalidArgument) {
            _ = try await world.with(world.police) { try await $0.unlockAccount(Accounts.loner, grounds: Self.lifted, requestID: "g3") }
        }
        #expect(ambiguous.contains(first.order.id) && ambiguous.contains(died.order.id))
        let unlocked = try await world.with(world.police) {
            try await $0.unlockAccount(Accounts.loner, grounds: Self.lifted, lockOrderID: first.order.id, requestID: "g4")
        }
        #expect(unlocked.order.liftedOrderID == first.order.id)
        status = try await Self.status(world, Accounts.loner)
        #expect(status.locks.map(\.reason) == [.deceased])
        let denied = try await world.authenticate(Accounts.loner)
        #expect(denied.decision == .deny(.accountLocked))
        #expect(denied.lockReason == .deceased)

        // The death is final, by any route; and it is recorded once.
        let final = await expectFailure(.failedPrecondition) {
            _ = try await world.with(world.police) { try await $0.unlockAccount(Accounts.loner, grounds: Self.lifted, requestID: "g5") }
        }
        #expect(final.contains("final"))
        await expectFailure(.failedPrecondition) {
            _ = try await world.with(world.registry) { try await $0.unlockAccount(Accounts.loner, grounds: OrderGrounds(ground: .subjectRequest), requestID: "g6") }
        }
        await expectFailure(.failedPrecondition) {
            _ = try await world.with(world.registry) { try await $0.lockAccount(Accounts.loner, grounds: Self.death, requestID: "g7") }
        }
        // An unlock naming a ground the account does not have.
        await expectFailure(.failedPrecondition) {
            _ = try await world.with(world.police) { try await $0.unlockAccount(Accounts.loner, grounds: Self.lifted, lockOrderID: first.order.id, requestID: "g8") }
        }
        #expect(try await Self.status(world, Accounts.loner).locks.map(\.reason) == [.deceased])

        // A final ground needs the record that establishes it; a violation says which term.
        await expectFailure(.invalidArgument) {
            _ = try await world.with(world.registry) { try await $0.lockAccount(Accounts.driver, grounds: OrderGrounds(ground: .deceased), requestID: "g9") }
        }
        await expectFailure(.invalidArgument) {
            _ = try await world.with(world.registry) { try await $0.lockAccount(Accounts.driver, grounds: OrderGrounds(ground: .termsViolation), requestID: "g10") }
        }
        // A dissolution is final too.
        await expectFailure(.failedPrecondition) {
            _ = try await world.with(world.police) { try await $0.unlockAccount(Accounts.dissolvedCompany, grounds: Self.lifted, requestID: "g11") }
        }
    }

    @Test("a third party's request on a locked account is reviewed; the Police lock outlives the subject's unlock; vneidctl shows every ground")
    func policeLockOutlivesSubjectUnlock() async throws {
        let world = try await OfficialsWorld()
        let own = try await world.with(world.registry) { try await $0.lockAccount(Accounts.driver, grounds: OrderGrounds(ground: .subjectRequest), requestID: "p1") }
        let requested = try await world.with(world.requester) { try await $0.requestLock(Accounts.driver, grounds: Self.letter, policeUnit: world.policeUnit, requestID: "p2") }
        #expect(requested.order.state == .pendingReview)
        #expect(requested.order.policeUnit?.rawValue == world.policeUnit)
        let approved = try await world.with(world.police) { try await $0.approveLockRequest(requested.order.id, note: "đủ căn cứ", requestID: "p3") }
        #expect(approved.order.state == .executed)
        #expect(try await Self.status(world, Accounts.driver).locks.map(\.reason) == [.subjectRequest, .thirdPartyRequest])

        let shown = try await world.daemon.cli(["accounts", "status", Accounts.driver], apiKey: world.auditor)
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.contains("LOCKED (subjectRequest, thirdPartyRequest)"), "\(shown.stdout)")
        #expect(shown.stdout.contains(own.order.id) && shown.stdout.contains(requested.order.id))
        #expect(shown.stdout.contains("the deciding Police unit"))
        let json = try await world.daemon.cli(["accounts", "status", Accounts.driver, "--json"], apiKey: world.auditor)
        struct Shown: Decodable { struct Lock: Decodable { var orderId: String; var final: Bool }; var locks: [Lock] }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        #expect(try decoder.decode(Shown.self, from: Data(json.stdout.utf8)).locks.map(\.orderId) == [own.order.id, requested.order.id])

        // The subject's own request lifts only its own ground.
        await expectFailure(.permissionDenied) {
            _ = try await world.with(world.registry) {
                try await $0.unlockAccount(Accounts.driver, grounds: OrderGrounds(ground: .subjectRequest), lockOrderID: requested.order.id, requestID: "p4")
            }
        }
        _ = try await world.with(world.registry) {
            try await $0.unlockAccount(Accounts.driver, grounds: OrderGrounds(ground: .subjectRequest), lockOrderID: own.order.id, requestID: "p5")
        }
        let denied = try await world.authenticate(Accounts.driver, organization: Accounts.company)
        #expect(denied.decision == .deny(.accountLocked))
        #expect(denied.lockReason == .thirdPartyRequest)

        // Only the unit that decided the lock lifts it.
        await expectFailure(.permissionDenied) {
            _ = try await world.with(world.otherPolice) { try await $0.unlockAccount(Accounts.driver, grounds: Self.lifted, requestID: "p6") }
        }
        _ = try await world.with(world.police) { try await $0.unlockAccount(Accounts.driver, grounds: Self.lifted, requestID: "p7") }
        #expect(try await Self.status(world, Accounts.driver).state == .active)
        #expect(try await world.authenticate(Accounts.driver, organization: Accounts.company).isAllowed)
    }

    @Test("a lock request goes to one Police unit: other units neither see nor decide it; a unit without approvers is refused")
    func policeUnits() async throws {
        let world = try await OfficialsWorld()
        let requested = try await world.with(world.requester) { try await $0.requestLock(Accounts.loner, grounds: Self.letter, policeUnit: world.policeUnit, requestID: "u1") }
        let id = requested.order.id
        await expectFailure(.notFound) { _ = try await world.with(world.otherPolice) { try await $0.order(id: id) } }
        #expect(try await world.with(world.otherPolice) { try await $0.orders(OrderFilter(state: .pendingReview)).orders }.isEmpty)
        #expect(try await world.with(world.police) { try await $0.orders(OrderFilter(state: .pendingReview)).orders.map(\.id) } == [id])
        let crossUnit = await expectFailure(.notFound) {
            _ = try await world.with(world.otherPolice) { try await $0.approveLockRequest(id, requestID: "u2") }
        }
        #expect(crossUnit.contains("ca-lang-son"))
        await expectFailure(.notFound) { _ = try await world.with(world.otherPolice) { try await $0.refuseLockRequest(id, reason: "không", requestID: "u3") } }
        #expect(try await world.with(world.police) { try await $0.order(id: id) }.state == .pendingReview)

        let nowhere = await expectFailure(.failedPrecondition) {
            _ = try await world.with(world.requester) { try await $0.requestLock(Accounts.loner, grounds: Self.letter, policeUnit: "ca-con-dao", requestID: "u4") }
        }
        #expect(nowhere.contains("ca-ha-noi") && nowhere.contains("ca-lang-son"))
        await expectFailure(.invalidArgument) {
            _ = try await world.with(world.requester) { try await $0.requestLock(Accounts.loner, grounds: Self.letter, policeUnit: "", requestID: "u5") }
        }
        // An approver is created with its unit, and only an approver has one.
        await expectFailure(.invalidArgument) { _ = try await world.daemon.withClient(apiKey: try world.daemon.adminKey) { try await $0.createPrincipal(name: "no-unit", roles: [.policeApprover]) } }
        await expectFailure(.invalidArgument) {
            _ = try await world.daemon.withClient(apiKey: try world.daemon.adminKey) { try await $0.createPrincipal(name: "feed-2", roles: [.registry], policeUnit: "ca-ha-noi") }
        }
        let cli = try await world.daemon.cli(
            ["orders", "request", Accounts.loner, "--text", "x", "--document", "1", "--police-unit", "ca-lang-son"], apiKey: world.requester
        )
        #expect(cli.status == 0, "\(cli.stderr)")
        #expect(cli.stdout.contains("Police unit ca-lang-son"))
    }

    @Test("a station decides border e-procedure portal login only; the mark is an admin's, shown in services list, and kept while suspensions stand")
    func borderPortalScope() async throws {
        let world = try await OfficialsWorld()
        let risk = OrderGrounds(ground: .securityRisk, text: "đăng nhập bất thường")
        let refused = await expectFailure(.failedPrecondition) {
            _ = try await world.with(world.commander) { try await $0.suspendLogin(Accounts.loner, service: "tax-portal", grounds: risk, requestID: "b1") }
        }
        #expect(refused.contains("not a border e-procedure portal") && refused.contains("border-portal"))
        let admin = try world.daemon.adminKey
        let listed = try await world.daemon.cli(["services", "list"], apiKey: admin)
        #expect(listed.stdout.contains("BORDER PORTAL"))
        let rows = listed.stdout.split(separator: "\n")
        #expect(rows.first { $0.hasPrefix("border-portal") }?.contains(" yes ") == true, "\(listed.stdout)")

        // While a suspension stands, the mark stays; an update that does not name it keeps it.
        let suspended = try await world.with(world.commander) { try await $0.suspendLogin(Accounts.loner, grounds: risk, requestID: "b2") }
        let clear = try await world.daemon.cli(["services", "update", "border-portal", "--audience", AuthenticationWorld.borderAudience, "--replay-protection", "--no-border-portal"], apiKey: admin)
        #expect(clear.status != 0)
        #expect(clear.stderr.contains("suspension(s) in force"), "\(clear.stderr)")
        let keep = try await world.daemon.cli(["services", "update", "border-portal", "--audience", AuthenticationWorld.borderAudience, "--replay-protection"], apiKey: admin)
        #expect(keep.status == 0, "\(keep.stderr)")
        #expect(try await world.daemon.withClient(apiKey: admin) { try await $0.service(name: "border-portal") }.isBorderPortal)
        _ = try await world.with(world.commander) {
            try await $0.restoreLogin(Accounts.loner, grounds: OrderGrounds(ground: .riskResolved, text: "đã xác minh"), requestID: "b3")
        }
        #expect(suspended.order.state == .executed)

        // An admin marks a second portal; stations may then act on it.
        let marked = try await world.daemon.cli(["services", "update", "tax-portal", "--audience", AuthenticationWorld.taxAudience, "--border-portal"], apiKey: admin)
        #expect(marked.status == 0, "\(marked.stderr)")
        let second = try await world.with(world.commander) { try await $0.suspendLogin(Accounts.loner, service: "tax-portal", grounds: risk, requestID: "b4") }
        #expect(second.order.service?.rawValue == "tax-portal")
    }

    @Test("the organization's own request needs a person who acts for it, and names it; a restore answers the suspension's ground")
    func managingOrganizationFacts() async throws {
        let world = try await OfficialsWorld()
        let company = AccountID(trusted: Accounts.company, kind: .organization)
        func appendix(_ number: String, _ organization: AccountID?) -> OrderGrounds {
            OrderGrounds(ground: .managingOrganizationRequest, documentReference: number, documentDate: LocalDate(year: 2026, month: 11, day: 21), organizationID: organization)
        }
        let noOrganization = await expectFailure(.failedPrecondition) {
            _ = try await world.with(world.commander) { try await $0.suspendLogin(Accounts.loner, grounds: appendix("PL1-1", company), requestID: "m1") }
        }
        #expect(noOrganization.contains("does not act for"))
        let unnamed = await expectFailure(.invalidArgument) {
            _ = try await world.with(world.commander) { try await $0.suspendLogin(Accounts.driver, grounds: appendix("PL1-2", nil), requestID: "m2") }
        }
        #expect(unnamed.contains("organization_id"))
        let other = await expectFailure(.invalidArgument) {
            _ = try await world.with(world.commander) {
                try await $0.suspendLogin(Accounts.driver, grounds: appendix("PL1-3", AccountID(trusted: Accounts.otherCompany, kind: .organization)), requestID: "m3")
            }
        }
        #expect(other.contains(Accounts.company))
        let suspended = try await world.with(world.commander) { try await $0.suspendLogin(Accounts.driver, grounds: appendix("PL1-4", company), requestID: "m4") }
        #expect(suspended.order.grounds.organizationID == company)
        // The Appendix 1 suspension is ended by the organization's Appendix 3 request, not by RISK_RESOLVED.
        await expectFailure(.failedPrecondition) {
            _ = try await world.with(world.commander) { try await $0.restoreLogin(Accounts.driver, grounds: OrderGrounds(ground: .riskResolved, text: "x"), requestID: "m5") }
        }
        let restored = try await world.with(world.commander) { try await $0.restoreLogin(Accounts.driver, grounds: appendix("PL3-1", company), requestID: "m6") }
        #expect(restored.order.liftedOrderID == suspended.order.id)
        #expect(try await world.authenticate(Accounts.driver, organization: Accounts.company).isAllowed)
    }
}
