import Foundation
import Testing
import VNeIDCore

@Suite("Order rules: grounds, authority and effects")
struct OrderRulesTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let citizen = AccountID(trusted: "001099000001", kind: .citizen)
    static let company = AccountID(trusted: "0101234567", kind: .organization)
    static let station = StationID(trusted: "huu-nghi")

    static func snapshot(_ id: AccountID, state: AccountStatus.State = .active, suspensions: [AccountStatus.Suspension] = []) -> AccountSnapshot {
        let record = AccountRecord(trustedID: id, displayName: "Nguyễn Văn An", assuranceLevel: .level2, managingOrganizationID: id.kind == .citizen ? company : nil)
        return AccountSnapshot(
            account: Account(record: record, createdAt: now, updatedAt: now),
            status: AccountStatus(accountID: id, state: state, suspensions: suspensions, statusVersion: 1, updatedAt: now)
        )
    }

    static func actor(_ role: Role, station: StationID? = nil) -> OrderActor {
        OrderActor(principalID: "prn_\(role.rawValue.lowercased())", name: role.rawValue.lowercased(), role: role, stationID: station)
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

    @Test("each automatic ground fits its account kind, and only those", arguments: OrderGround.allCases)
    func automaticGrounds(ground: OrderGround) {
        for id in [Self.citizen, Self.company] {
            let fits = OrderRules.automaticLockGrounds(for: id.kind).contains(ground)
            let result = Self.code { _ = try Self.decide(.lock(id, OrderGrounds(ground: ground)), by: Self.actor(.registry), in: OrderWorld(account: Self.snapshot(id))) }
            #expect(fits ? result == nil : result == .invalidArgument, "\(ground) for \(id.kind)")
        }
    }

    @Test("a lock changes the state, bumps the version and owes the subject a notice")
    func lockEffect() throws {
        let decision = try Self.decide(.lock(Self.citizen, OrderGrounds(ground: .idCardRevoked)), by: Self.actor(.registry), in: OrderWorld(account: Self.snapshot(Self.citizen)))
        let status = try #require(decision.newStatus)
        guard case .locked(let lock) = status.state else { Issue.record("not locked"); return }
        #expect(lock.reason == .idCardRevoked)
        #expect(lock.orderID == "ord_1")
        #expect(status.statusVersion == 2)
        #expect(decision.notices.map(\.draft.recipientRole) == [.subject])
        #expect(decision.notices[0].draft.text.contains("thẻ Căn cước công dân của chủ thể bị thu hồi"))
    }

    @Test("a lock for death is final; a lock the subject asked for is lifted only at its request through the registry")
    func unlockRules() {
        let deceased = OrderWorld(account: Self.snapshot(Self.citizen, state: .locked(.init(reason: .deceased, since: Self.now, orderID: "o"))))
        #expect(Self.code { _ = try Self.decide(.unlock(Self.citizen, OrderGrounds(ground: .lockGroundsLifted, text: "x", documentReference: "1")), by: Self.actor(.policeApprover), in: deceased) } == .failedPrecondition)
        let asked = OrderWorld(account: Self.snapshot(Self.citizen, state: .locked(.init(reason: .subjectRequest, since: Self.now, orderID: "o"))))
        #expect(Self.code { _ = try Self.decide(.unlock(Self.citizen, OrderGrounds(ground: .subjectRequest)), by: Self.actor(.registry), in: asked) } == nil)
        #expect(Self.code { _ = try Self.decide(.unlock(Self.citizen, OrderGrounds(ground: .lockGroundsLifted, text: "x", documentReference: "1")), by: Self.actor(.policeApprover), in: asked) } == .permissionDenied)
        let violation = OrderWorld(account: Self.snapshot(Self.citizen, state: .locked(.init(reason: .termsViolation, since: Self.now, orderID: "o"))))
        #expect(Self.code { _ = try Self.decide(.unlock(Self.citizen, OrderGrounds(ground: .subjectRequest)), by: Self.actor(.registry), in: violation) } == .permissionDenied)
        #expect(Self.code { _ = try Self.decide(.unlock(Self.citizen, OrderGrounds(ground: .lockGroundsLifted)), by: Self.actor(.policeApprover), in: violation) } == .invalidArgument)
        #expect(Self.code { _ = try Self.decide(.unlock(Self.citizen, OrderGrounds(ground: .lockGroundsLifted, text: "cleared", documentReference: "QĐ 1")), by: Self.actor(.policeApprover), in: violation) } == nil)
        #expect(Self.code { _ = try Self.decide(.unlock(Self.citizen, OrderGrounds(ground: .subjectRequest)), by: Self.actor(.registry), in: OrderWorld(account: Self.snapshot(Self.citizen))) } == .failedPrecondition)
    }

    @Test("a deputy decides only under an authorization in force for itself and its station")
    func deputyAuthority() {
        let deputy = Self.actor(.stationDeputy, station: Self.station)
        let action = OrderAction.suspend(Self.citizen, ServiceName(trusted: "border-portal"), OrderGrounds(ground: .securityRisk, text: "risk"))
        func authorization(from: Double, until: Double, revoked: Bool = false, station: StationID = Self.station) -> StationAuthorization {
            StationAuthorization(
                id: "auth_1", stationID: station, deputy: deputy, grantedBy: Self.actor(.stationCommander, station: station),
                grantedAt: Self.now.addingTimeInterval(-7200), validFrom: Self.now.addingTimeInterval(from),
                validUntil: Self.now.addingTimeInterval(until), revokedAt: revoked ? Self.now.addingTimeInterval(-1) : nil
            )
        }
        let account = Self.snapshot(Self.citizen)
        #expect(Self.code { _ = try Self.decide(action, by: deputy, in: OrderWorld(account: account)) } == .permissionDenied)
        for lapsed in [authorization(from: -7200, until: -1), authorization(from: 60, until: 7200), authorization(from: -7200, until: 7200, revoked: true)] {
            #expect(Self.code { _ = try Self.decide(action, by: deputy, in: OrderWorld(account: account, authorization: lapsed, latestAuthorization: lapsed)) } == .permissionDenied)
        }
        let other = authorization(from: -60, until: 7200, station: StationID(trusted: "lao-cai"))
        #expect(Self.code { _ = try Self.decide(action, by: deputy, in: OrderWorld(account: account, authorization: other)) } == .permissionDenied)
        let good = authorization(from: -60, until: 7200)
        #expect(Self.code { _ = try Self.decide(action, by: deputy, in: OrderWorld(account: account, authorization: good)) } == nil)
    }

    @Test("suspensions belong to their station: the same station cannot suspend twice, another cannot restore")
    func stationsOwnSuspensions() throws {
        let commander = Self.actor(.stationCommander, station: Self.station)
        let portal = ServiceName(trusted: "border-portal")
        let suspend = OrderAction.suspend(Self.citizen, portal, OrderGrounds(ground: .managingOrganizationRequest, documentReference: "PL1-7", documentDate: LocalDate(year: 2026, month: 11, day: 20)))
        let decision = try Self.decide(suspend, by: commander, in: OrderWorld(account: Self.snapshot(Self.citizen)))
        #expect(decision.newStatus?.suspensions.map(\.stationID) == ["huu-nghi"])
        #expect(decision.notices.map(\.draft.recipientRole) == [.subject])
        #expect(decision.notices.allSatisfy { $0.dueAt == Self.now.addingTimeInterval(7200) && $0.draft.kind == .suspensionNotice })
        #expect(decision.notices[0].draft.text.contains("Phụ lục 1"))

        let suspended = Self.snapshot(Self.citizen, suspensions: [.init(service: "border-portal", stationID: "huu-nghi", since: Self.now, orderID: "o")])
        #expect(Self.code { _ = try Self.decide(suspend, by: commander, in: OrderWorld(account: suspended)) } == .failedPrecondition)
        let restore = OrderAction.restore(Self.citizen, portal, OrderGrounds(ground: .riskResolved, text: "ok"))
        #expect(Self.code { _ = try Self.decide(restore, by: Self.actor(.stationCommander, station: StationID(trusted: "lao-cai")), in: OrderWorld(account: suspended)) } == .permissionDenied)
        #expect(Self.code { _ = try Self.decide(restore, by: commander, in: OrderWorld(account: Self.snapshot(Self.citizen))) } == .failedPrecondition)
        #expect(try Self.decide(restore, by: commander, in: OrderWorld(account: suspended)).newStatus?.suspensions.isEmpty == true)
        #expect(Self.code { _ = try Self.decide(.suspend(Self.citizen, portal, OrderGrounds(ground: .managingOrganizationRequest)), by: commander, in: OrderWorld(account: Self.snapshot(Self.citizen))) } == .invalidArgument)
    }

    @Test("a refusal needs written reasons; a request needs its letter; only the Police decide")
    func reviewRules() {
        #expect(Self.code { try OrderRules.validate(.refuseLockRequest(orderID: "o", reason: "  "), actor: Self.actor(.policeApprover)) } == .invalidArgument)
        #expect(Self.code { try OrderRules.validate(.refuseLockRequest(orderID: "o", reason: "no grounds"), actor: Self.actor(.registry)) } == .permissionDenied)
        #expect(Self.code { try OrderRules.validate(.requestLock(Self.citizen, OrderGrounds(ground: .thirdPartyRequest, text: "why")), actor: Self.actor(.requester)) } == .invalidArgument)
        #expect(Self.code { try OrderRules.validate(.requestLock(Self.citizen, OrderGrounds(ground: .thirdPartyRequest, text: "why", documentReference: "12/CV")), actor: Self.actor(.requester)) } == nil)
    }
}
