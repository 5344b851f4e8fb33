import Foundation
import Testing
import VNeIDCore

@Suite("Order rules: grounds, authority and effects")
struct OrderRulesTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let citizen = AccountID(trusted: "001099000001", kind: .citizen)
    static let company = AccountID(trusted: "0101234567", kind: .organization)
    static let station = StationID(trusted: "huu-nghi")
    static let unit = PoliceUnitID(trusted: "ca-ha-noi")
    static let portal = ServiceName(trusted: "border-portal")
    static let portalService = RegisteredService(
        name: portal, audience: "a", minimumLevel: .level2, replayProtection: false, isBorderPortal: true, createdAt: now, updatedAt: now
    )

    static func snapshot(_ id: AccountID, locks: [AccountStatus.Lock] = [], suspensions: [AccountStatus.Suspension] = []) -> AccountSnapshot {
        let record = AccountRecord(trustedID: id, displayName: "Nguyễn Văn An", assuranceLevel: .level2, managingOrganizationID: id.kind == .citizen ? company : nil)
        return AccountSnapshot(
            account: Account(record: record, createdAt: now, updatedAt: now),
            status: AccountStatus(accountID: id, locks: locks, suspensions: suspensions, statusVersion: 1, updatedAt: now)
        )
    }

    static func lock(_ reason: LockReason, _ orderID: String) -> AccountStatus.Lock {
        AccountStatus.Lock(reason: reason, since: now, orderID: orderID)
    }

    /// A world for suspend and restore at the border portal, with the account's company.
    static func portalWorld(_ snapshot: AccountSnapshot, groundOrders: [String: Order] = [:]) -> OrderWorld {
        let companyAccount = Account(record: AccountRecord(trustedID: company, displayName: "Công ty A", assuranceLevel: .level2, managingOrganizationID: nil), createdAt: now, updatedAt: now)
        return OrderWorld(account: snapshot, managingOrganization: companyAccount, service: portalService, borderPortals: [portal], groundOrders: groundOrders)
    }

    static func actor(_ role: Role, station: StationID? = nil, unit: PoliceUnitID? = nil, id: String? = nil) -> OrderActor {
        OrderActor(principalID: id ?? "prn_\(role.rawValue.lowercased())", name: role.rawValue.lowercased(), role: role, stationID: station, policeUnit: unit)
    }

    static func command(_ action: OrderAction, by actor: OrderActor) -> OrderCommand {
        OrderCommand(
            action: action, actor: actor, requestID: "r", fingerprint: [], at: now, newOrderID: "ord_1",
            reviewDeadline: now.addingTimeInterval(86_400), workingDayNoticeDue: now.addingTimeInterval(86_400)
        )
    }

    static func decide(_ action: OrderAction, by actor: OrderActor, in world: OrderWorld) throws(VNeIDError) -> OrderDecision {
        try OrderRules.decide(command(action, by: actor), in: world)
    }

    /// The code of the domain error `body` throws, or `nil` when it succeeds.
    static func code(_ body: () throws -> Void) -> VNeIDError.Code? {
        do { try body(); return nil } catch { return (error as? VNeIDError)?.code ?? .internalError }
    }

    /// Grounds carrying the facts each automatic ground needs.
    static func withFacts(_ ground: OrderGround) -> OrderGrounds {
        OrderGrounds(ground: ground, text: "điều 5 khoản 2", documentReference: "số 1/2026")
    }

    @Test("each automatic ground fits its account kind, and only those", arguments: OrderGround.allCases)
    func automaticGrounds(ground: OrderGround) {
        for id in [Self.citizen, Self.company] {
            let fits = OrderRules.automaticLockGrounds(for: id.kind).contains(ground)
            let result = Self.code { _ = try Self.decide(.lock(id, Self.withFacts(ground)), by: Self.actor(.registry), in: OrderWorld(account: Self.snapshot(id))) }
            #expect(fits ? result == nil : result == .invalidArgument, "\(ground) for \(id.kind)")
        }
    }

    @Test("an automatic lock carries the facts it rests on: a violation says which term, a revocation, death or dissolution cites its record")
    func automaticGroundsNeedFacts() {
        let registry = Self.actor(.registry)
        for (id, ground) in [(Self.citizen, OrderGround.termsViolation), (Self.citizen, .idCardRevoked), (Self.citizen, .deceased), (Self.company, .organizationDissolved)] {
            #expect(Self.code { try OrderRules.validate(.lock(id, OrderGrounds(ground: ground)), actor: registry) } == .invalidArgument, "\(ground)")
        }
        #expect(Self.code { try OrderRules.validate(.lock(Self.citizen, OrderGrounds(ground: .subjectRequest)), actor: registry) } == nil)
        #expect(Self.code { try OrderRules.validate(.lock(Self.citizen, OrderGrounds(ground: .deceased, documentReference: "TLKT 12")), actor: registry) } == nil)
    }

    @Test("a lock adds its ground, bumps the version and owes the subject a notice")
    func lockEffect() throws {
        let decision = try Self.decide(.lock(Self.citizen, Self.withFacts(.idCardRevoked)), by: Self.actor(.registry), in: OrderWorld(account: Self.snapshot(Self.citizen)))
        let status = try #require(decision.newStatus)
        #expect(status.locks == [Self.lock(.idCardRevoked, "ord_1")])
        guard case .locked(let lock) = status.state else { Issue.record("not locked"); return }
        #expect(lock.reason == .idCardRevoked)
        #expect(status.statusVersion == 2)
        #expect(decision.notices.map(\.draft.recipientRole) == [.subject])
        #expect(decision.notices[0].draft.text.contains("thẻ Căn cước công dân của chủ thể bị thu hồi"))
    }

    @Test("grounds stack: a locked account gains the new ground; a final ground is primary and is recorded once")
    func groundsStack() throws {
        let registry = Self.actor(.registry)
        let violated = Self.snapshot(Self.citizen, locks: [Self.lock(.termsViolation, "o1")])
        let died = try #require(try Self.decide(.lock(Self.citizen, Self.withFacts(.deceased)), by: registry, in: OrderWorld(account: violated)).newStatus)
        #expect(died.locks.map(\.reason) == [.termsViolation, .deceased])
        #expect(died.primaryLock?.reason == .deceased)
        let again = Self.snapshot(Self.citizen, locks: died.locks)
        #expect(Self.code { _ = try Self.decide(.lock(Self.citizen, Self.withFacts(.deceased)), by: registry, in: OrderWorld(account: again)) } == .failedPrecondition)
        #expect(Self.code { _ = try Self.decide(.lock(Self.citizen, Self.withFacts(.termsViolation)), by: registry, in: OrderWorld(account: again)) } == nil)
    }

    @Test("an unlock lifts the ground it names and leaves the others; the only ground may go unnamed; several must be named")
    func unlockLiftsOneGround() throws {
        let police = Self.actor(.policeApprover, unit: Self.unit)
        let lifted = OrderGrounds(ground: .lockGroundsLifted, text: "cleared", documentReference: "QĐ 1")
        let two = Self.snapshot(Self.citizen, locks: [Self.lock(.termsViolation, "o1"), Self.lock(.subjectRequest, "o2")])
        #expect(Self.code { _ = try Self.decide(.unlock(Self.citizen, lifted, lockOrderID: nil), by: police, in: OrderWorld(account: two)) } == .invalidArgument)
        #expect(Self.code { _ = try Self.decide(.unlock(Self.citizen, lifted, lockOrderID: "o9"), by: police, in: OrderWorld(account: two)) } == .failedPrecondition)
        let decision = try Self.decide(.unlock(Self.citizen, lifted, lockOrderID: "o1"), by: police, in: OrderWorld(account: two))
        #expect(decision.newStatus?.locks == [Self.lock(.subjectRequest, "o2")])
        #expect(decision.order.liftedOrderID == "o1")
        let subject = try Self.decide(.unlock(Self.citizen, OrderGrounds(ground: .subjectRequest), lockOrderID: nil), by: Self.actor(.registry), in: OrderWorld(account: Self.snapshot(Self.citizen, locks: [Self.lock(.subjectRequest, "o2")])))
        #expect(subject.newStatus?.locks.isEmpty == true)
        #expect(subject.newStatus?.state == .active)
    }

    @Test("who lifts what: death and dissolution never; the subject's own lock only at its request; a third party's lock only by the deciding unit")
    func unlockRules() {
        let police = Self.actor(.policeApprover, unit: Self.unit)
        let lifted = OrderGrounds(ground: .lockGroundsLifted, text: "x", documentReference: "1")
        for final in [LockReason.deceased, .organizationDissolved] {
            let world = OrderWorld(account: Self.snapshot(Self.citizen, locks: [Self.lock(final, "o")]))
            #expect(Self.code { _ = try Self.decide(.unlock(Self.citizen, lifted, lockOrderID: "o"), by: police, in: world) } == .failedPrecondition)
            #expect(Self.code { _ = try Self.decide(.unlock(Self.citizen, OrderGrounds(ground: .subjectRequest), lockOrderID: "o"), by: Self.actor(.registry), in: world) } == .failedPrecondition)
        }
        let asked = OrderWorld(account: Self.snapshot(Self.citizen, locks: [Self.lock(.subjectRequest, "o")]))
        #expect(Self.code { _ = try Self.decide(.unlock(Self.citizen, lifted, lockOrderID: nil), by: police, in: asked) } == .permissionDenied)
        let violation = OrderWorld(account: Self.snapshot(Self.citizen, locks: [Self.lock(.termsViolation, "o")]))
        #expect(Self.code { _ = try Self.decide(.unlock(Self.citizen, OrderGrounds(ground: .subjectRequest), lockOrderID: nil), by: Self.actor(.registry), in: violation) } == .permissionDenied)
        #expect(Self.code { _ = try Self.decide(.unlock(Self.citizen, OrderGrounds(ground: .lockGroundsLifted), lockOrderID: nil), by: police, in: violation) } == .invalidArgument)
        #expect(Self.code { _ = try Self.decide(.unlock(Self.citizen, lifted, lockOrderID: nil), by: police, in: violation) } == nil)
        #expect(Self.code { _ = try Self.decide(.unlock(Self.citizen, OrderGrounds(ground: .subjectRequest), lockOrderID: nil), by: Self.actor(.registry), in: OrderWorld(account: Self.snapshot(Self.citizen))) } == .failedPrecondition)

        let request = Order(
            id: "o", kind: .lock, accountID: Self.citizen, grounds: OrderGrounds(ground: .thirdPartyRequest, text: "x", documentReference: "1"),
            requestedBy: Self.actor(.requester), state: .executed, receivedAt: Self.now, policeUnit: Self.unit
        )
        let thirdParty = OrderWorld(account: Self.snapshot(Self.citizen, locks: [Self.lock(.thirdPartyRequest, "o")]), groundOrders: ["o": request])
        let otherUnit = Self.actor(.policeApprover, unit: PoliceUnitID(trusted: "ca-lang-son"))
        #expect(Self.code { _ = try Self.decide(.unlock(Self.citizen, lifted, lockOrderID: "o"), by: otherUnit, in: thirdParty) } == .permissionDenied)
        #expect(Self.code { _ = try Self.decide(.unlock(Self.citizen, lifted, lockOrderID: "o"), by: police, in: thirdParty) } == nil)
    }

    @Test("a lock request goes to a unit with an approver; only that unit decides it, never the one who filed it; approval adds a ground to a locked account")
    func lockRequestsByUnit() throws {
        let grounds = OrderGrounds(ground: .thirdPartyRequest, text: "why", documentReference: "12/CV")
        let locked = Self.snapshot(Self.citizen, locks: [Self.lock(.subjectRequest, "o1")])
        let requester = Self.actor(.requester)
        #expect(Self.code { _ = try Self.decide(.requestLock(Self.citizen, grounds, unit: Self.unit), by: requester, in: OrderWorld(account: locked)) } == .failedPrecondition)
        let filed = try Self.decide(.requestLock(Self.citizen, grounds, unit: Self.unit), by: requester, in: OrderWorld(account: locked, policeUnits: [Self.unit]))
        #expect(filed.order.policeUnit == Self.unit)
        #expect(filed.newStatus == nil)

        let world = OrderWorld(account: locked, existingOrder: filed.order)
        let approve = OrderAction.approveLockRequest(orderID: "ord_1", note: "")
        #expect(Self.code { _ = try Self.decide(approve, by: Self.actor(.policeApprover, unit: PoliceUnitID(trusted: "ca-lang-son")), in: world) } == .notFound)
        #expect(Self.code { _ = try Self.decide(approve, by: Self.actor(.policeApprover, unit: Self.unit, id: requester.principalID), in: world) } == .permissionDenied)
        let approved = try Self.decide(approve, by: Self.actor(.policeApprover, unit: Self.unit), in: world)
        #expect(approved.newStatus?.locks.map(\.reason) == [.subjectRequest, .thirdPartyRequest])
    }

    @Test("a deputy decides only under an authorization in force for itself and its station")
    func deputyAuthority() {
        let deputy = Self.actor(.stationDeputy, station: Self.station)
        let action = OrderAction.suspend(Self.citizen, Self.portal, OrderGrounds(ground: .securityRisk, text: "risk"))
        func authorization(from: Double, until: Double, revoked: Bool = false, station: StationID = Self.station) -> StationAuthorization {
            StationAuthorization(
                id: "auth_1", stationID: station, deputy: deputy, grantedBy: Self.actor(.stationCommander, station: station),
                grantedAt: Self.now.addingTimeInterval(-7200), validFrom: Self.now.addingTimeInterval(from),
                validUntil: Self.now.addingTimeInterval(until), revokedAt: revoked ? Self.now.addingTimeInterval(-1) : nil
            )
        }
        func world(_ authorization: StationAuthorization?) -> OrderWorld {
            var world = Self.portalWorld(Self.snapshot(Self.citizen))
            world.authorization = authorization
            world.latestAuthorization = authorization
            return world
        }
        #expect(Self.code { _ = try Self.decide(action, by: deputy, in: world(nil)) } == .permissionDenied)
        for lapsed in [authorization(from: -7200, until: -1), authorization(from: 60, until: 7200), authorization(from: -7200, until: 7200, revoked: true)] {
            #expect(Self.code { _ = try Self.decide(action, by: deputy, in: world(lapsed)) } == .permissionDenied)
        }
        #expect(Self.code { _ = try Self.decide(action, by: deputy, in: world(authorization(from: -60, until: 7200, station: StationID(trusted: "lao-cai")))) } == .permissionDenied)
        #expect(Self.code { _ = try Self.decide(action, by: deputy, in: world(authorization(from: -60, until: 7200))) } == nil)
    }

    @Test("suspensions belong to their station: the same station cannot suspend twice, another cannot restore")
    func stationsOwnSuspensions() throws {
        let commander = Self.actor(.stationCommander, station: Self.station)
        let appendix1 = OrderGrounds(ground: .managingOrganizationRequest, documentReference: "PL1-7", documentDate: LocalDate(year: 2026, month: 11, day: 20), organizationID: Self.company)
        let suspend = OrderAction.suspend(Self.citizen, Self.portal, appendix1)
        let decision = try Self.decide(suspend, by: commander, in: Self.portalWorld(Self.snapshot(Self.citizen)))
        #expect(decision.newStatus?.suspensions.map(\.stationID) == ["huu-nghi"])
        #expect(Set(decision.notices.map(\.draft.recipientRole)) == [.subject, .managingOrganization])
        #expect(decision.notices.allSatisfy { $0.dueAt == Self.now.addingTimeInterval(7200) && $0.draft.kind == .suspensionNotice })
        #expect(decision.notices[0].draft.text.contains("Phụ lục 1"))

        let riskOrder = Order(
            id: "o", kind: .suspend, accountID: Self.citizen, grounds: OrderGrounds(ground: .securityRisk, text: "risk"),
            service: Self.portal, stationID: Self.station, requestedBy: commander, state: .executed, receivedAt: Self.now
        )
        let suspended = Self.portalWorld(Self.snapshot(Self.citizen, suspensions: [.init(service: "border-portal", stationID: "huu-nghi", since: Self.now, orderID: "o")]), groundOrders: ["o": riskOrder])
        #expect(Self.code { _ = try Self.decide(suspend, by: commander, in: suspended) } == .failedPrecondition)
        let restore = OrderAction.restore(Self.citizen, Self.portal, OrderGrounds(ground: .riskResolved, text: "ok"))
        #expect(Self.code { _ = try Self.decide(restore, by: Self.actor(.stationCommander, station: StationID(trusted: "lao-cai")), in: suspended) } == .permissionDenied)
        #expect(Self.code { _ = try Self.decide(restore, by: commander, in: Self.portalWorld(Self.snapshot(Self.citizen))) } == .failedPrecondition)
        let restored = try Self.decide(restore, by: commander, in: suspended)
        #expect(restored.newStatus?.suspensions.isEmpty == true)
        #expect(restored.order.liftedOrderID == "o")
        // A SECURITY_RISK suspension is not ended by the organization's Appendix 3 request.
        let appendix3 = OrderGrounds(ground: .managingOrganizationRequest, documentReference: "PL3-1", documentDate: LocalDate(year: 2026, month: 11, day: 21), organizationID: Self.company)
        #expect(Self.code { _ = try Self.decide(.restore(Self.citizen, Self.portal, appendix3), by: commander, in: suspended) } == .failedPrecondition)
        #expect(Self.code { _ = try Self.decide(.suspend(Self.citizen, Self.portal, OrderGrounds(ground: .managingOrganizationRequest)), by: commander, in: Self.portalWorld(Self.snapshot(Self.citizen))) } == .invalidArgument)
    }

    @Test("a station decides login to a border e-procedure portal only")
    func borderPortalOnly() {
        let commander = Self.actor(.stationCommander, station: Self.station)
        let tax = ServiceName(trusted: "tax-portal")
        var world = Self.portalWorld(Self.snapshot(Self.citizen))
        world.service = RegisteredService(name: tax, audience: "t", minimumLevel: .level1, replayProtection: false, createdAt: Self.now, updatedAt: Self.now)
        let risk = OrderGrounds(ground: .securityRisk, text: "risk")
        #expect(Self.code { _ = try Self.decide(.suspend(Self.citizen, tax, risk), by: commander, in: world) } == .failedPrecondition)
        world.service = nil
        #expect(Self.code { _ = try Self.decide(.suspend(Self.citizen, tax, risk), by: commander, in: world) } == .notFound)
    }

    @Test("the organization's own request: the person must act for it, and the request must name it")
    func managingOrganizationFacts() {
        let commander = Self.actor(.stationCommander, station: Self.station)
        func appendix1(_ organization: AccountID?) -> OrderGrounds {
            OrderGrounds(ground: .managingOrganizationRequest, documentReference: "PL1", documentDate: LocalDate(year: 2026, month: 11, day: 20), organizationID: organization)
        }
        let other = AccountID(trusted: "0109999999", kind: .organization)
        #expect(Self.code { _ = try Self.decide(.suspend(Self.citizen, Self.portal, appendix1(nil)), by: commander, in: Self.portalWorld(Self.snapshot(Self.citizen))) } == .invalidArgument)
        #expect(Self.code { _ = try Self.decide(.suspend(Self.citizen, Self.portal, appendix1(other)), by: commander, in: Self.portalWorld(Self.snapshot(Self.citizen))) } == .invalidArgument)
        // An organization's own account acts for no one.
        #expect(Self.code { _ = try Self.decide(.suspend(Self.company, Self.portal, appendix1(Self.company)), by: commander, in: Self.portalWorld(Self.snapshot(Self.company))) } == .failedPrecondition)
        #expect(Self.code { _ = try Self.decide(.suspend(Self.citizen, Self.portal, OrderGrounds(ground: .securityRisk, text: "r", organizationID: Self.company)), by: commander, in: Self.portalWorld(Self.snapshot(Self.citizen))) } == .invalidArgument)
        #expect(Self.code { _ = try Self.decide(.suspend(Self.citizen, Self.portal, appendix1(Self.company)), by: commander, in: Self.portalWorld(Self.snapshot(Self.citizen))) } == nil)
    }

    @Test("a refusal needs written reasons; a request needs its letter; only the Police decide")
    func reviewRules() {
        #expect(Self.code { try OrderRules.validate(.refuseLockRequest(orderID: "o", reason: "  "), actor: Self.actor(.policeApprover)) } == .invalidArgument)
        #expect(Self.code { try OrderRules.validate(.refuseLockRequest(orderID: "o", reason: "no grounds"), actor: Self.actor(.registry)) } == .permissionDenied)
        #expect(Self.code { try OrderRules.validate(.requestLock(Self.citizen, OrderGrounds(ground: .thirdPartyRequest, text: "why"), unit: Self.unit), actor: Self.actor(.requester)) } == .invalidArgument)
        #expect(Self.code { try OrderRules.validate(.requestLock(Self.citizen, OrderGrounds(ground: .thirdPartyRequest, text: "why", documentReference: "12/CV"), unit: Self.unit), actor: Self.actor(.requester)) } == nil)
    }
}
