import Foundation
import GRDB
import Testing
import VNeIDClient
import VNeIDService

@Suite("Orders: locks, lock requests, unlocks, end to end through the daemon")
struct OrdersTests {
    typealias Accounts = AuthenticationWorld.Accounts

    @Test("each automatic lock ground for each account kind: valid ones lock at once and Authenticate denies on the next call; others are INVALID_ARGUMENT")
    func automaticLocks() async throws {
        let world = try await OfficialsWorld()
        let citizenGrounds: [OrderGround] = [.subjectRequest, .termsViolation, .idCardRevoked, .deceased]
        let organizationGrounds: [OrderGround] = [.subjectRequest, .termsViolation, .organizationDissolved]
        let citizens = citizenGrounds.indices.map { "00109902000\($0)" }
        let organizations = organizationGrounds.indices.map { "010200000\($0)" }
        try await world.importAccounts(citizens.map { ($0, nil) } + organizations.map { ($0, nil) })

        for (ground, id) in Array(zip(citizenGrounds, citizens)) + Array(zip(organizationGrounds, organizations)) {
            if id.count == 12 { #expect(try await world.authenticate(id).isAllowed) }
            let grounds = OrderGrounds(ground: ground, text: "điều 5", documentReference: "số 1/2026")
            let result = try await world.with(world.registry) { try await $0.lockAccount(id, grounds: grounds, requestID: "lock-\(id)") }
            #expect(result.order.state == .executed)
            #expect(result.order.kind == .lock)
            #expect(result.order.decidedBy?.role == .registry)
            #expect(result.order.notices.map(\.recipientRole) == [.subject])
            #expect(result.order.notices.first?.kind == .lockNotice)
            let status = try await world.with(world.auditor) { try await $0.accountStatus(id: id) }
            guard case .locked(let lock) = status.state else { Issue.record("\(id) not locked"); continue }
            #expect(lock.reason == ground.lockReason)
            #expect(lock.orderID == result.order.id)
            if id.count == 12 {
                let denied = try await world.authenticate(id)
                #expect(denied.decision == .deny(.accountLocked), "\(ground): \(denied.detail)")
            }
        }
        // Grounds that do not fit the kind.
        try await world.importAccounts([("001099020009", nil), ("0102000009", nil)])
        for (id, ground) in [("001099020009", OrderGround.organizationDissolved), ("0102000009", .deceased), ("0102000009", .idCardRevoked), ("001099020009", .securityRisk)] {
            let message = await expectFailure(.invalidArgument) {
                _ = try await world.with(world.registry) { try await $0.lockAccount(id, grounds: OrderGrounds(ground: ground), requestID: "bad-\(id)-\(ground)") }
            }
            #expect(message.contains(ground.rawValue))
        }
        // Unknown and malformed accounts; a lock of a locked account adds its ground.
        await expectFailure(.notFound) { _ = try await world.with(world.registry) { try await $0.lockAccount("001099099999", grounds: OrderGrounds(ground: .termsViolation, text: "vi phạm điều khoản sử dụng"), requestID: "x1") } }
        await expectFailure(.invalidArgument) { _ = try await world.with(world.registry) { try await $0.lockAccount("12x", grounds: OrderGrounds(ground: .termsViolation, text: "vi phạm điều khoản sử dụng"), requestID: "x2") } }
        _ = try await world.with(world.registry) { try await $0.lockAccount(citizens[0], grounds: OrderGrounds(ground: .termsViolation, text: "vi phạm điều khoản sử dụng"), requestID: "x3") }
        #expect(try await world.with(world.auditor) { try await $0.accountStatus(id: citizens[0]) }.locks.map(\.reason) == [.subjectRequest, .termsViolation])
        // Not the registry.
        await expectFailure(.permissionDenied) { _ = try await world.with(world.police) { try await $0.lockAccount("001099020009", grounds: OrderGrounds(ground: .termsViolation, text: "vi phạm điều khoản sử dụng"), requestID: "x4") } }
    }

    @Test("a locked organization's staff cannot authenticate on its behalf; the subject's own unlock restores it")
    func organizationLockBlocksStaff() async throws {
        let world = try await OfficialsWorld()
        #expect(try await world.authenticate(Accounts.driver, organization: Accounts.company).isAllowed)
        _ = try await world.with(world.registry) { try await $0.lockAccount(Accounts.company, grounds: OrderGrounds(ground: .subjectRequest), requestID: "org-1") }
        let denied = try await world.authenticate(Accounts.driver, organization: Accounts.company)
        #expect(denied.decision == .deny(.organizationNotValid), "\(denied.detail)")

        await expectFailure(.permissionDenied) {
            _ = try await world.with(world.police) { try await $0.unlockAccount(Accounts.company, grounds: OrderGrounds(ground: .lockGroundsLifted, text: "x", documentReference: "1"), requestID: "org-2") }
        }
        let unlocked = try await world.with(world.registry) { try await $0.unlockAccount(Accounts.company, grounds: OrderGrounds(ground: .subjectRequest), requestID: "org-3") }
        #expect(unlocked.order.kind == .unlock)
        #expect(unlocked.order.notices.map(\.kind) == [.unlockNotice])
        #expect(try await world.authenticate(Accounts.driver, organization: Accounts.company).isAllowed)
    }

    @Test("unlock: a death lock is final; other locks are lifted by the Police with grounds")
    func unlocks() async throws {
        let world = try await OfficialsWorld()
        await expectFailure(.failedPrecondition) {
            _ = try await world.with(world.police) { try await $0.unlockAccount(Accounts.deceased, grounds: OrderGrounds(ground: .lockGroundsLifted, text: "error", documentReference: "QĐ 9"), requestID: "u1") }
        }
        _ = try await world.with(world.registry) { try await $0.lockAccount(Accounts.loner, grounds: OrderGrounds(ground: .termsViolation, text: "vi phạm điều khoản sử dụng"), requestID: "u2") }
        await expectFailure(.permissionDenied) {
            _ = try await world.with(world.registry) { try await $0.unlockAccount(Accounts.loner, grounds: OrderGrounds(ground: .subjectRequest), requestID: "u3") }
        }
        await expectFailure(.invalidArgument) {
            _ = try await world.with(world.police) { try await $0.unlockAccount(Accounts.loner, grounds: OrderGrounds(ground: .lockGroundsLifted), requestID: "u4") }
        }
        let lifted = try await world.with(world.police) {
            try await $0.unlockAccount(Accounts.loner, grounds: OrderGrounds(ground: .lockGroundsLifted, text: "vi phạm đã được khắc phục", documentReference: "QĐ 15/CA"), requestID: "u5")
        }
        #expect(lifted.order.decidedBy?.role == .policeApprover)
        let status = try await world.with(world.auditor) { try await $0.accountStatus(id: Accounts.loner) }
        #expect(status.state == .active)
        #expect(status.statusVersion == 3)
    }

    @Test("a lock request waits for review until the end of the second working day, then is approved or refused; notices go to the requesting body and the subject")
    func lockRequests() async throws {
        let world = try await OfficialsWorld()
        let grounds = OrderGrounds(ground: .thirdPartyRequest, text: "phục vụ điều tra vụ án", documentReference: "123/CSĐT-PC02", documentDate: LocalDate(year: 2026, month: 11, day: 20))
        let before = Date()
        let requested = try await world.with(world.requester) { try await $0.requestLock(Accounts.loner, grounds: grounds, policeUnit: "ca-ha-noi", requestID: "req-1") }
        let after = Date()
        #expect(requested.order.state == .pendingReview)
        #expect(requested.order.requestedBy.requesterType == .proceduralAgency)
        let calendar = try WorkingDayCalendar.bundled()
        let deadline = try #require(requested.order.reviewDeadline)
        #expect([calendar.deadline(receivedAt: before, workingDays: 2), calendar.deadline(receivedAt: after, workingDays: 2)].contains(deadline))
        #expect(requested.order.notices.isEmpty)
        #expect(try await world.authenticate(Accounts.loner).isAllowed, "a pending request locks nothing")

        // The requester sees its own orders; another requester does not; the Police see all pending.
        let own = try await world.with(world.requester) { try await $0.orders().orders.map(\.id) }
        #expect(own == [requested.order.id])
        #expect(try await world.with(world.otherRequester) { try await $0.orders().orders }.isEmpty)
        await expectFailure(.notFound) { _ = try await world.with(world.otherRequester) { try await $0.order(id: requested.order.id) } }
        let pending = try await world.with(world.police) { try await $0.orders(OrderFilter(state: .pendingReview)).orders.map(\.id) }
        #expect(pending.contains(requested.order.id))

        await expectFailure(.permissionDenied) { _ = try await world.with(world.registry) { try await $0.approveLockRequest(requested.order.id, requestID: "a0") } }
        let approved = try await world.with(world.police) { try await $0.approveLockRequest(requested.order.id, note: "đủ căn cứ", requestID: "a1") }
        #expect(approved.order.state == .executed)
        #expect(approved.order.history.map(\.state) == [.pendingReview, .executed])
        #expect(Set(approved.order.notices.map(\.recipientRole)) == [.subject, .requestingBody])
        #expect(approved.order.notices.allSatisfy { $0.kind == .lockNotice && $0.dueAt == deadline })
        let toRequester = try #require(approved.order.notices.first { $0.recipientRole == .requestingBody })
        #expect(toRequester.text.contains("123/CSĐT-PC02"))
        #expect(toRequester.text.contains("police-head"))
        let denied = try await world.authenticate(Accounts.loner)
        #expect(denied.decision == .deny(.accountLocked))
        #expect(denied.lockReason == .thirdPartyRequest)
        await expectFailure(.failedPrecondition) { _ = try await world.with(world.police) { try await $0.refuseLockRequest(requested.order.id, reason: "late", requestID: "a2") } }

        // A refusal needs its reasons, and changes nothing but the order.
        let second = try await world.with(world.otherRequester) { try await $0.requestLock(Accounts.driver, grounds: grounds, policeUnit: "ca-ha-noi", requestID: "req-2") }
        await expectFailure(.invalidArgument) { _ = try await world.with(world.police) { try await $0.refuseLockRequest(second.order.id, reason: "   ", requestID: "f0") } }
        let refused = try await world.with(world.police) { try await $0.refuseLockRequest(second.order.id, reason: "Không đủ căn cứ pháp lý", requestID: "f1") }
        #expect(refused.order.state == .refused)
        #expect(refused.order.refusalReason == "Không đủ căn cứ pháp lý")
        #expect(refused.order.notices.map(\.kind) == [.lockRefusal])
        #expect(refused.order.notices.first?.recipientID == refused.order.requestedBy.principalID)
        #expect(refused.order.notices.first?.text.contains("Không đủ căn cứ pháp lý") == true)
        #expect(try await world.authenticate(Accounts.driver).isAllowed)
        // A request needs its reasons and letter.
        await expectFailure(.invalidArgument) {
            _ = try await world.with(world.requester) { try await $0.requestLock(Accounts.driver, grounds: OrderGrounds(ground: .thirdPartyRequest, text: "x"), policeUnit: "ca-ha-noi", requestID: "req-3") }
        }
    }

    @Test("the one who asks is not the one who decides: a requester that is also a Police approver cannot be created, and one from before that rule cannot decide its own request")
    func askerIsNotDecider() async throws {
        let world = try await OfficialsWorld()
        let message = await expectFailure(.invalidArgument) {
            _ = try await world.daemon.createPrincipal("asks-and-decides", roles: [.requester, .policeApprover], requesterType: .competentAuthority)
        }
        #expect(message.contains("cannot hold both REQUESTER and POLICE_APPROVER"))

        // A principal that holds both, as one created before the rule could: the roles are
        // written into the database file directly, before its key is first used.
        let both = try await world.daemon.createPrincipal("legacy-both", roles: [.requester], requesterType: .competentAuthority)
        try await world.editDatabase("UPDATE principals SET roles = 'REQUESTER,POLICE_APPROVER', police_unit = 'ca-ha-noi' WHERE name = 'legacy-both'")
        let grounds = OrderGrounds(ground: .thirdPartyRequest, text: "đề nghị khóa", documentReference: "45/CV", documentDate: LocalDate(year: 2026, month: 11, day: 20))
        let requested = try await world.with(both) { try await $0.requestLock(Accounts.loner, grounds: grounds, policeUnit: "ca-ha-noi", requestID: "own-1") }
        let approve = await expectFailure(.permissionDenied) {
            _ = try await world.with(both) { try await $0.approveLockRequest(requested.order.id, note: "tự duyệt", requestID: "own-2") }
        }
        #expect(approve.contains("filed lock request \(requested.order.id) and may not decide it"))
        await expectFailure(.permissionDenied) {
            _ = try await world.with(both) { try await $0.refuseLockRequest(requested.order.id, reason: "tự từ chối", requestID: "own-3") }
        }
        #expect(try await world.with(world.police) { try await $0.order(id: requested.order.id) }.state == .pendingReview)
        // Another approver decides it.
        let approved = try await world.with(world.police) { try await $0.approveLockRequest(requested.order.id, note: "đủ căn cứ", requestID: "own-4") }
        #expect(approved.order.state == .executed)
        #expect(approved.order.decidedBy?.name == "police-head")
    }

    @Test("request ids: a retry returns the same order and executes nothing twice; the same id with another request is ALREADY_EXISTS")
    func idempotentRetries() async throws {
        let world = try await OfficialsWorld()
        let grounds = OrderGrounds(ground: .termsViolation, text: "spam")
        let first = try await world.with(world.registry) { try await $0.lockAccount(Accounts.loner, grounds: grounds, requestID: "same") }
        let retries = try await withThrowingTaskGroup(of: OrderResult.self) { group in
            for _ in 0..<10 {
                group.addTask { try await world.with(world.registry) { try await $0.lockAccount(Accounts.loner, grounds: grounds, requestID: "same") } }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(!first.replayed)
        #expect(retries.allSatisfy { $0.replayed && $0.order.id == first.order.id })
        let status = try await world.with(world.auditor) { try await $0.accountStatus(id: Accounts.loner) }
        #expect(status.statusVersion == 2, "executed once")
        #expect(try await world.with(world.auditor) { try await $0.orders(OrderFilter(accountID: Accounts.loner)).orders.count } == 1)
        let message = await expectFailure(.alreadyExists) {
            _ = try await world.with(world.registry) { try await $0.lockAccount(Accounts.driver, grounds: grounds, requestID: "same") }
        }
        #expect(message.contains(first.order.id))
        await expectFailure(.invalidArgument) { _ = try await world.with(world.registry) { try await $0.lockAccount(Accounts.driver, grounds: grounds, requestID: "") } }
        // Ids are the caller's own: another principal may use the same one.
        let approved = try await world.with(world.requester) {
            try await $0.requestLock(Accounts.driver, grounds: OrderGrounds(ground: .thirdPartyRequest, text: "x", documentReference: "1"), policeUnit: "ca-ha-noi", requestID: "same")
        }
        #expect(!approved.replayed)
    }
}
