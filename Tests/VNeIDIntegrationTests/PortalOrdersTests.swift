import Foundation
import Testing
import VNeIDClient

@Suite("Border-portal suspension and restore, station authorizations, notices and the status stream")
struct PortalOrdersTests {
    typealias Accounts = AuthenticationWorld.Accounts
    static let risk = OrderGrounds(ground: .securityRisk, text: "phát hiện đăng nhập bất thường")
    static let resolved = OrderGrounds(ground: .riskResolved, text: "đã xác minh")

    @Test("a commander suspends at once: Appendix 2 notices to the managing organization and the person, due in 2 hours; the portal denies, other services allow")
    func commanderSuspends() async throws {
        let world = try await OfficialsWorld()
        let appendix1 = OrderGrounds(ground: .managingOrganizationRequest, text: "", documentReference: "PL1-07/2026", documentDate: LocalDate(year: 2026, month: 11, day: 21), organizationID: AccountID(trusted: Accounts.company, kind: .organization))
        let suspended = try await world.with(world.commander) { try await $0.suspendLogin(Accounts.driver, grounds: appendix1, requestID: "s1") }
        let order = suspended.order
        #expect(order.kind == .suspend && order.state == .executed)
        #expect(order.stationID?.rawValue == "huu-nghi")
        #expect(order.service?.rawValue == "border-portal")
        #expect(order.notices.map(\.recipientRole).sorted { $0.rawValue < $1.rawValue } == [.managingOrganization, .subject])
        #expect(order.notices.first { $0.recipientRole == .managingOrganization }?.recipientID == Accounts.company)
        let executedAt = try #require(order.decidedAt)
        for notice in order.notices {
            #expect(notice.kind == .suspensionNotice)
            #expect(notice.channel == .service(ServiceName(trusted: "border-portal")))
            #expect(abs(notice.dueAt.timeIntervalSince(executedAt) - 7200) < 0.01)
            #expect(notice.text.contains("Mẫu Phụ lục 2"))
            #expect(notice.text.contains("PL1-07/2026 ngày 21/11/2026"))
            #expect(notice.text.contains("Đồn trưởng"))
        }
        let denied = try await world.authenticate(Accounts.driver)
        #expect(denied.decision == .deny(.suspendedForService), "\(denied.detail)")
        #expect(try await world.authenticate(Accounts.driver, service: "tax-portal").isAllowed)

        await expectFailure(.failedPrecondition) { _ = try await world.with(world.commander) { try await $0.suspendLogin(Accounts.driver, grounds: Self.risk, requestID: "s2") } }
        await expectFailure(.permissionDenied) { _ = try await world.with(world.otherCommander) { try await $0.restoreLogin(Accounts.driver, grounds: Self.resolved, requestID: "s3") } }
        await expectFailure(.failedPrecondition) { _ = try await world.with(world.commander) { try await $0.restoreLogin(Accounts.loner, grounds: Self.resolved, requestID: "s4") } }
        await expectFailure(.invalidArgument) { _ = try await world.with(world.commander) { try await $0.suspendLogin(Accounts.loner, grounds: OrderGrounds(ground: .securityRisk), requestID: "s5") } }
        await expectFailure(.notFound) { _ = try await world.with(world.commander) { try await $0.suspendLogin(Accounts.loner, service: "no-such-portal", grounds: Self.risk, requestID: "s6") } }
        await expectFailure(.permissionDenied) { _ = try await world.with(world.registry) { try await $0.suspendLogin(Accounts.loner, grounds: Self.risk, requestID: "s7") } }

        // Two stations: usable only when neither suspension is active.
        _ = try await world.with(world.otherCommander) { try await $0.suspendLogin(Accounts.driver, grounds: Self.risk, requestID: "s8") }
        let restored = try await world.with(world.commander) {
            try await $0.restoreLogin(Accounts.driver, grounds: OrderGrounds(ground: .managingOrganizationRequest, documentReference: "PL3-02", documentDate: LocalDate(year: 2026, month: 11, day: 22), organizationID: AccountID(trusted: Accounts.company, kind: .organization)), requestID: "s9")
        }
        #expect(restored.order.notices.allSatisfy { $0.kind == .restoreNotice && $0.text.contains("Mẫu Phụ lục 4") && $0.text.contains("Phụ lục 3") })
        #expect(try await world.authenticate(Accounts.driver).decision == .deny(.suspendedForService))
        _ = try await world.with(world.otherCommander) { try await $0.restoreLogin(Accounts.driver, grounds: Self.resolved, requestID: "s10") }
        #expect(try await world.authenticate(Accounts.driver).isAllowed)
    }

    @Test("a deputy decides only with an authorization in force: none, not yet valid, expired and revoked are denied")
    func deputyAuthorizations() async throws {
        let world = try await OfficialsWorld()
        let noAuthorization = await expectFailure(.permissionDenied) {
            _ = try await world.with(world.deputy) { try await $0.suspendLogin(Accounts.loner, grounds: Self.risk, requestID: "d1") }
        }
        #expect(noAuthorization.contains("no authorization"))
        // Only the commander of the deputy's own station grants.
        await expectFailure(.failedPrecondition) {
            _ = try await world.with(world.otherCommander) { try await $0.grantAuthorization(deputy: "deputy", validUntil: Date().addingTimeInterval(3600)) }
        }
        await expectFailure(.permissionDenied) {
            _ = try await world.with(world.deputy) { try await $0.grantAuthorization(deputy: "deputy", validUntil: Date().addingTimeInterval(3600)) }
        }
        await expectFailure(.invalidArgument) {
            _ = try await world.with(world.commander) { try await $0.grantAuthorization(deputy: "deputy", validUntil: Date().addingTimeInterval(-60)) }
        }
        // A timestamp beyond the year 9999 is refused, not stored (nor allowed to trap a conversion).
        let farFuture = await expectFailure(.invalidArgument) {
            _ = try await world.with(world.commander) { try await $0.grantAuthorization(deputy: "deputy", validUntil: Date(timeIntervalSince1970: 1e17)) }
        }
        #expect(farFuture.contains("valid_until is not a valid timestamp"))

        let future = try await world.with(world.commander) {
            try await $0.grantAuthorization(deputy: "deputy", validFrom: Date().addingTimeInterval(3600), validUntil: Date().addingTimeInterval(7200))
        }
        let notYet = await expectFailure(.permissionDenied) {
            _ = try await world.with(world.deputy) { try await $0.suspendLogin(Accounts.loner, grounds: Self.risk, requestID: "d2") }
        }
        #expect(notYet.contains(future.id))

        let short = try await world.with(world.commander) { try await $0.grantAuthorization(deputy: "deputy", validUntil: Date().addingTimeInterval(5), note: "QĐ 5/ĐBP") }
        let suspended = try await world.with(world.deputy) { try await $0.suspendLogin(Accounts.loner, grounds: Self.risk, requestID: "d3") }
        #expect(suspended.order.decidedBy?.role == .stationDeputy)
        #expect(suspended.order.decidedBy?.authorizationID == short.id)
        #expect(suspended.order.notices.allSatisfy { $0.text.contains("Phó Đồn trưởng") && $0.text.contains(short.id) })
        // Wait, on the clock the daemon reads too, until the authorization has expired.
        try await eventually { Date() > short.validUntil.addingTimeInterval(0.2) }
        let expired = await expectFailure(.permissionDenied) {
            _ = try await world.with(world.deputy) { try await $0.restoreLogin(Accounts.loner, grounds: Self.resolved, requestID: "d4") }
        }
        #expect(expired.contains("expired"))

        let standing = try await world.with(world.commander) { try await $0.grantAuthorization(deputy: "deputy", validUntil: Date().addingTimeInterval(86_400)) }
        _ = try await world.with(world.deputy) { try await $0.restoreLogin(Accounts.loner, grounds: Self.resolved, requestID: "d5") }
        let listed = try await world.with(world.deputy) { try await $0.authorizations() }
        #expect(listed.map(\.id).contains(standing.id))
        #expect(try await world.with(world.otherCommander) { try await $0.authorizations() }.isEmpty)
        await expectFailure(.permissionDenied) { _ = try await world.with(world.otherCommander) { try await $0.revokeAuthorization(id: standing.id) } }
        let revoked = try await world.with(world.commander) { try await $0.revokeAuthorization(id: standing.id) }
        #expect(revoked.revokedAt != nil)
        let afterRevocation = await expectFailure(.permissionDenied) {
            _ = try await world.with(world.deputy) { try await $0.suspendLogin(Accounts.loner, grounds: Self.risk, requestID: "d6") }
        }
        #expect(afterRevocation.contains("revoked"))
    }

    @Test("notices: each channel lists and acknowledges its own, an auditor sees all, and a watch delivers new ones live")
    func notices() async throws {
        let world = try await OfficialsWorld()
        let watched = NoticeCollector()
        let watch = Task {
            try await world.with(world.portal) { client in
                try await client.watchNotices(afterSequence: 0) { notice in
                    await watched.add(notice)
                    return true
                }
            }
        }
        defer { watch.cancel() }
        let suspended = try await world.with(world.commander) { try await $0.suspendLogin(Accounts.driver, grounds: Self.risk, requestID: "n1") }
        _ = try await world.with(world.registry) { try await $0.lockAccount(Accounts.loner, grounds: OrderGrounds(ground: .termsViolation, text: "vi phạm điều khoản sử dụng"), requestID: "n2") }

        let portalNotices = try await world.with(world.portal) { try await $0.notices().notices }
        // The setup's suspension owes one notice (that person has no managing organization),
        // this one two (the person and the company); the lock none to the portal.
        #expect(portalNotices.count == 3)
        #expect(portalNotices.allSatisfy { $0.notice.channel == .service(ServiceName(trusted: "border-portal")) })
        let registryNotices = try await world.with(world.registry) { try await $0.notices().notices }
        #expect(registryNotices.allSatisfy { $0.notice.channel == .registry })
        let all = try await world.with(world.auditor) { try await $0.notices().notices }
        #expect(all.count == portalNotices.count + registryNotices.count)

        let deadline = ContinuousClock.now + .seconds(10)
        while await watched.count < portalNotices.count, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(await watched.ids == portalNotices.map(\.notice.id), "the watch saw every portal notice, in order")

        let target = try #require(suspended.order.notices.first)
        await expectFailure(.notFound) { _ = try await world.with(world.registry) { try await $0.acknowledgeNotice(id: target.id) } }
        await expectFailure(.permissionDenied) { _ = try await world.with(world.auditor) { try await $0.acknowledgeNotice(id: target.id) } }
        let delivered = try await world.with(world.portal) { try await $0.acknowledgeNotice(id: target.id) }
        #expect(delivered.deliveredAt != nil)
        #expect(delivered.deliveredBy == "portal")
        let again = try await world.with(world.portal) { try await $0.acknowledgeNotice(id: target.id) }
        #expect(again.deliveredAt == delivered.deliveredAt)
        let undelivered = try await world.with(world.portal) { try await $0.notices(NoticeFilter(undeliveredOnly: true)).notices }
        #expect(!undelivered.map(\.notice.id).contains(target.id))
        let story = try await world.with(world.auditor) { try await $0.order(id: suspended.order.id) }
        #expect(story.notices.first { $0.id == target.id }?.deliveredAt != nil)
    }

    @Test("the status stream: every change in order with a global sequence; a client resumes after the last it saw without gaps or repeats")
    func watchResumes() async throws {
        let world = try await OfficialsWorld()
        // The setup made three changes (two locks and a suspension).
        let everything = try await Self.collect(world, after: 0, count: 3)
        #expect(everything.map(\.sequence) == [1, 2, 3])
        #expect(everything.map(\.orderKind) == [.lock, .lock, .suspend])

        let opened = ManagedFlag()
        let live = Task { try await Self.collect(world, after: 3, count: 2, onOpen: { opened.set() }) }
        try await eventually { opened.isSet }
        let lock = try await world.with(world.registry) { try await $0.lockAccount(Accounts.loner, grounds: OrderGrounds(ground: .termsViolation, text: "vi phạm điều khoản sử dụng"), requestID: "w1") }
        let suspend = try await world.with(world.commander) { try await $0.suspendLogin(Accounts.loner, grounds: Self.risk, requestID: "w2") }
        let changes = try await live.value
        #expect(changes.map(\.sequence) == [4, 5])
        #expect(changes.map(\.orderID) == [lock.order.id, suspend.order.id])
        guard case .locked = changes[1].status.state else { Issue.record("the suspension's change should carry the lock too"); return }
        #expect(changes[1].status.suspensions.map(\.stationID) == ["huu-nghi"])
        #expect(changes[1].status.statusVersion == changes[0].status.statusVersion + 1)

        // Resuming after 4 gives 5 and nothing before it.
        let resumed = try await Self.collect(world, after: 4, count: 1)
        #expect(resumed.map(\.sequence) == [5])
        await expectFailure(.permissionDenied) { try await world.with(world.requester) { try await $0.watchStatusChanges { _ in false } } }
    }

    @Test("SIGTERM ends open watch streams with UNAVAILABLE naming where to resume; the daemon exits 0")
    func shutdownEndsWatches() async throws {
        let world = try await OfficialsWorld()
        let received = ChangeCollector()
        let noticeWatchOpen = ChangeCollector()
        let statusWatch = Task {
            await Self.endOfWatch { try await world.with(world.portal) { try await $0.watchStatusChanges(afterSequence: 1) { await received.add($0) > 0 } } }
        }
        let noticeWatch = Task {
            await Self.endOfWatch {
                try await world.with(world.portal) { client in
                    try await client.watchNotices(afterSequence: 100, onOpen: { await noticeWatchOpen.opened() }) { _ in true }
                }
            }
        }
        // Stop once the status watch has sent the setup's changes 2 and 3 and the notice watch is open.
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            let statusCaughtUp = await received.changes.count >= 2
            let noticesOpen = await noticeWatchOpen.isOpen
            if statusCaughtUp && noticesOpen { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(await received.changes.map(\.sequence) == [2, 3])
        let started = ContinuousClock.now
        #expect(try await world.daemon.stop() == 0)
        #expect(ContinuousClock.now - started < .seconds(10))
        let (statusEnd, noticeEnd) = await (statusWatch.value, noticeWatch.value)
        #expect(statusEnd?.code == .unavailable)
        #expect(statusEnd?.message.contains("resume after sequence 3") == true, "\(String(describing: statusEnd))")
        #expect(noticeEnd?.code == .unavailable)
    }

    /// How a watch ended: its error, or `nil` when it ended without one.
    static func endOfWatch(_ watch: () async throws -> Void) async -> VNeIDClientError? {
        do { try await watch() } catch let error as VNeIDClientError { return error } catch { return VNeIDClientError(code: .unknown, message: "\(error)") }
        return nil
    }

    static func collect(
        _ world: OfficialsWorld, after: UInt64, count: Int, onOpen: @escaping @Sendable () async -> Void = {}
    ) async throws -> [StatusChange] {
        let collector = ChangeCollector()
        try await world.with(world.portal) { client in
            try await client.watchStatusChanges(afterSequence: after, onOpen: onOpen) { change in
                await collector.add(change) < count
            }
        }
        return await collector.changes
    }
}

/// What a watch received.
actor NoticeCollector {
    private(set) var ids: [String] = []
    var count: Int { ids.count }
    func add(_ notice: SequencedNotice) { ids.append(notice.notice.id) }
}

/// What a status watch received, and whether a watch was opened.
actor ChangeCollector {
    private(set) var changes: [StatusChange] = []
    private(set) var isOpen = false
    func opened() { isOpen = true }
    func add(_ change: StatusChange) -> Int {
        changes.append(change)
        return changes.count
    }
}
