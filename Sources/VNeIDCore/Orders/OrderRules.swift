import Foundation

/// The regulations' rules for orders: which grounds fit which order and account, who may
/// decide, and what each decision does to the account's status. Pure functions over the
/// state read in the store's transaction.
public enum OrderRules {
    /// How long after a suspension or restore its notices are due (2 hours).
    public static let portalNoticeDelay: Double = 2 * 3600
    /// Working days the Police have to decide a lock request.
    public static let reviewWorkingDays = 2

    /// Grounds an automatic lock may rest on, by account kind.
    public static func automaticLockGrounds(for kind: AccountKind) -> [OrderGround] {
        switch kind {
        case .citizen: [.subjectRequest, .termsViolation, .idCardRevoked, .deceased]
        case .organization: [.subjectRequest, .termsViolation, .organizationDissolved]
        }
    }

    /// Checks what can be checked before reading the store: the grounds fit the action,
    /// and the actor's role fits the action.
    public static func validate(_ action: OrderAction, actor: OrderActor) throws(VNeIDError) {
        switch action {
        case .lock(let id, let grounds):
            try expect(actor, .registry, "record an automatic lock")
            let allowed = automaticLockGrounds(for: id.kind)
            guard allowed.contains(grounds.ground) else {
                throw .invalidArgument("\(grounds.ground.rawValue) is not a ground for an automatic lock of \(id.kind == .citizen ? "a citizen's" : "an organization's") account \(id); the grounds are \(allowed.map(\.rawValue).joined(separator: ", "))")
            }
        case .requestLock(_, let grounds):
            try expect(actor, .requester, "request a lock")
            guard grounds.ground == .thirdPartyRequest else {
                throw .invalidArgument("a lock request rests on THIRD_PARTY_REQUEST, not \(grounds.ground.rawValue); automatic grounds are recorded by the registry")
            }
            try grounds.requireText("the reasons for the request")
            guard !grounds.documentReference.isEmpty else {
                throw .invalidArgument("a lock request must cite the requesting body's document: give its number (document_reference)")
            }
        case .approveLockRequest(let orderID, _), .refuseLockRequest(let orderID, _):
            try expect(actor, .policeApprover, "decide a lock request")
            guard !orderID.isEmpty else { throw .invalidArgument("order_id is empty: name the lock request to decide") }
            if case .refuseLockRequest(_, let reason) = action, reason.trimmingSpace.isEmpty {
                throw .invalidArgument("a refusal must state its reasons in writing: reason may not be empty")
            }
        case .unlock(_, let grounds):
            switch grounds.ground {
            case .subjectRequest:
                try expect(actor, .registry, "lift a lock at the subject's request")
            case .lockGroundsLifted:
                try expect(actor, .policeApprover, "lift a lock")
                try grounds.requireText("why the lock's grounds no longer hold")
                guard !grounds.documentReference.isEmpty else {
                    throw .invalidArgument("an unlock by the Police must cite its decision: give its number (document_reference)")
                }
            default:
                throw .invalidArgument("an unlock rests on SUBJECT_REQUEST (through the registry) or LOCK_GROUNDS_LIFTED (by a POLICE_APPROVER), not \(grounds.ground.rawValue)")
            }
        case .suspend(_, _, let grounds):
            try expectStation(actor, "suspend border-portal login")
            switch grounds.ground {
            case .securityRisk: try grounds.requireText("a description of the risk")
            case .managingOrganizationRequest: try grounds.requireDocument("Appendix 1")
            default:
                throw .invalidArgument("a suspension rests on SECURITY_RISK or MANAGING_ORGANIZATION_REQUEST (Appendix 1), not \(grounds.ground.rawValue)")
            }
        case .restore(_, _, let grounds):
            try expectStation(actor, "restore border-portal login")
            switch grounds.ground {
            case .riskResolved: try grounds.requireText("why the risk is gone")
            case .managingOrganizationRequest: try grounds.requireDocument("Appendix 3")
            default:
                throw .invalidArgument("a restore rests on RISK_RESOLVED or MANAGING_ORGANIZATION_REQUEST (Appendix 3), not \(grounds.ground.rawValue)")
            }
        }
    }

    /// Decides `command` against the stored state, or throws the error the caller gets.
    public static func decide(_ command: OrderCommand, in world: OrderWorld) throws(VNeIDError) -> OrderDecision {
        try validate(command.action, actor: command.actor)
        let now = command.at
        switch command.action {
        case .lock(let id, let grounds):
            let snapshot = try registered(world, id)
            try requireUnlocked(snapshot)
            var order = newOrder(command, id, grounds, state: .executed, decidedBy: command.actor)
            let status = locked(snapshot.status, reason: grounds.ground.lockReason ?? .termsViolation, order: order.id, at: now)
            order.history = [Order.Event(state: .executed, at: now, by: command.actor)]
            return decision(order, status, world, snapshot, due: command.workingDayNoticeDue, isNew: true)

        case .requestLock(let id, let grounds):
            let snapshot = try registered(world, id)
            try requireUnlocked(snapshot)
            var order = newOrder(command, id, grounds, state: .pendingReview, decidedBy: nil)
            order.reviewDeadline = command.reviewDeadline
            order.history = [Order.Event(state: .pendingReview, at: now, by: command.actor)]
            return OrderDecision(order: order, newStatus: nil, notices: [], isNewOrder: true)

        case .approveLockRequest(let orderID, let note), .refuseLockRequest(let orderID, let note):
            guard var order = world.existingOrder, order.kind == .lock, order.requestedBy.role == .requester else {
                throw .notFound("no lock request \(orderID)")
            }
            // Whoever filed the request never decides it, whatever roles it holds (a
            // principal created before the roles were kept apart may hold both).
            guard order.requestedBy.principalID != command.actor.principalID else {
                throw .permissionDenied(
                    "principal '\(command.actor.name)' filed lock request \(orderID) and may not decide it: the one who asks is not the one who decides"
                )
            }
            guard order.state == .pendingReview else {
                let by = order.decidedBy.map { " by \($0.name)" } ?? ""
                throw .failedPrecondition("lock request \(orderID) was decided already (\(order.state.rawValue)\(by) at \(order.decidedAt?.iso8601 ?? "?"))")
            }
            let snapshot = try registered(world, order.accountID)
            order.decidedBy = command.actor
            order.decidedAt = now
            // The notices are part of the decision the law gives two working days for.
            let due = max(order.reviewDeadline ?? now, now)
            if case .refuseLockRequest = command.action {
                let reason = note.trimmingSpace
                order.state = .refused
                order.refusalReason = reason
                order.history.append(Order.Event(state: .refused, at: now, by: command.actor, note: reason))
                return decision(order, nil, world, snapshot, due: due, isNew: false)
            }
            try requireUnlocked(snapshot)
            order.state = .executed
            order.history.append(Order.Event(state: .executed, at: now, by: command.actor, note: note.trimmingSpace))
            let status = locked(snapshot.status, reason: .thirdPartyRequest, order: order.id, at: now)
            return decision(order, status, world, snapshot, due: due, isNew: false)

        case .unlock(let id, let grounds):
            let snapshot = try registered(world, id)
            guard case .locked(let lock) = snapshot.status.state else {
                throw .failedPrecondition("account \(id) is not locked; there is nothing to unlock")
            }
            switch lock.reason {
            case .deceased:
                throw .failedPrecondition("account \(id) was locked because its subject died (order \(lock.orderID)); that lock is final")
            case .subjectRequest where grounds.ground != .subjectRequest:
                throw .permissionDenied("account \(id) was locked at its subject's request (order \(lock.orderID)); only the subject's request, through the registry, lifts it")
            case let reason where reason != .subjectRequest && grounds.ground != .lockGroundsLifted:
                throw .permissionDenied("account \(id) is locked for \(reason.rawValue) (order \(lock.orderID)); only a POLICE_APPROVER may lift it, on LOCK_GROUNDS_LIFTED")
            default:
                break
            }
            var order = newOrder(command, id, grounds, state: .executed, decidedBy: command.actor)
            order.history = [Order.Event(state: .executed, at: now, by: command.actor)]
            var status = snapshot.status
            status.state = .active
            bump(&status, at: now)
            return decision(order, status, world, snapshot, due: command.workingDayNoticeDue, isNew: true)

        case .suspend(let id, let service, let grounds), .restore(let id, let service, let grounds):
            let actor = try authorizedStationActor(command.actor, world: world, at: now)
            guard world.serviceRegistered else {
                throw .notFound("no service \(service) is registered; suspensions apply to a registered service such as border-portal")
            }
            let snapshot = try registered(world, id)
            let station = actor.stationID ?? StationID(trusted: "")
            let ours = snapshot.status.suspensions.first { $0.service == service.rawValue && $0.stationID == station.rawValue }
            var status = snapshot.status
            if case .suspend = command.action {
                if let ours {
                    throw .failedPrecondition("account \(id) is already suspended for \(service) by station \(station) since \(ours.since.iso8601) (order \(ours.orderID))")
                }
                status.suspensions.append(AccountStatus.Suspension(service: service.rawValue, stationID: station.rawValue, since: now, orderID: command.newOrderID))
            } else {
                guard ours != nil else {
                    let others = snapshot.status.suspensions.filter { $0.service == service.rawValue }.map(\.stationID)
                    if !others.isEmpty {
                        throw .permissionDenied("account \(id) is suspended for \(service) by station \(others.joined(separator: ", ")), not by \(station); only the station that suspended it may restore it")
                    }
                    throw .failedPrecondition("account \(id) is not suspended for \(service); there is nothing to restore")
                }
                status.suspensions.removeAll { $0.service == service.rawValue && $0.stationID == station.rawValue }
            }
            bump(&status, at: now)
            var order = newOrder(command, id, grounds, state: .executed, decidedBy: actor)
            order.service = service
            order.stationID = station
            order.requestedBy = actor
            order.history = [Order.Event(state: .executed, at: now, by: actor)]
            return decision(order, status, world, snapshot, due: now.addingTimeInterval(portalNoticeDelay), isNew: true)
        }
    }

    /// The actor, with the authorization it decides under when it is a deputy; throws
    /// `permissionDenied` for a deputy with none in force.
    static func authorizedStationActor(_ actor: OrderActor, world: OrderWorld, at now: Date) throws(VNeIDError) -> OrderActor {
        guard actor.role == .stationDeputy else { return actor }
        let station = actor.stationID?.rawValue ?? "?"
        guard let authorization = world.authorization, authorization.isInForce(at: now),
              authorization.deputy.principalID == actor.principalID, authorization.stationID == actor.stationID
        else {
            let why: String
            if let latest = world.latestAuthorization {
                if let revokedAt = latest.revokedAt {
                    why = "its authorization \(latest.id) was revoked at \(revokedAt.iso8601)"
                } else if latest.validUntil <= now {
                    why = "its authorization \(latest.id) expired at \(latest.validUntil.iso8601)"
                } else {
                    why = "its authorization \(latest.id) is valid only from \(latest.validFrom.iso8601)"
                }
            } else {
                why = "it holds no authorization from the commander"
            }
            throw .permissionDenied("deputy '\(actor.name)' of station \(station) may not decide: \(why); the station commander grants one with 'vneidctl authorizations grant'")
        }
        var authorized = actor
        authorized.authorizationID = authorization.id
        return authorized
    }

    private static func expect(_ actor: OrderActor, _ role: Role, _ what: String) throws(VNeIDError) {
        guard actor.role == role else {
            throw .permissionDenied("principal '\(actor.name)' acting as \(actor.role.rawValue) may not \(what); that needs the \(role.rawValue) role")
        }
    }

    private static func expectStation(_ actor: OrderActor, _ what: String) throws(VNeIDError) {
        guard actor.role == .stationCommander || actor.role == .stationDeputy else {
            throw .permissionDenied("principal '\(actor.name)' may not \(what); that needs the STATION_COMMANDER role, or STATION_DEPUTY with the commander's authorization")
        }
        guard actor.stationID != nil else {
            throw .permissionDenied("principal '\(actor.name)' has no station; it may not \(what)")
        }
    }

    private static func registered(_ world: OrderWorld, _ id: AccountID) throws(VNeIDError) -> AccountSnapshot {
        guard let snapshot = world.account else { throw .notFound("no account \(id) is registered") }
        return snapshot
    }

    private static func requireUnlocked(_ snapshot: AccountSnapshot) throws(VNeIDError) {
        if case .locked(let lock) = snapshot.status.state {
            throw .failedPrecondition("account \(snapshot.account.id) is already locked (\(lock.reason.rawValue)) since \(lock.since.iso8601) by order \(lock.orderID)")
        }
    }

    private static func newOrder(
        _ command: OrderCommand, _ id: AccountID, _ grounds: OrderGrounds, state: OrderState, decidedBy: OrderActor?
    ) -> Order {
        Order(
            id: command.newOrderID, kind: command.action.kind, accountID: id, grounds: grounds,
            requestedBy: command.actor, decidedBy: decidedBy, state: state, receivedAt: command.at,
            decidedAt: decidedBy == nil ? nil : command.at
        )
    }

    private static func locked(_ status: AccountStatus, reason: LockReason, order: String, at now: Date) -> AccountStatus {
        var status = status
        status.state = .locked(AccountStatus.Lock(reason: reason, since: now, orderID: order))
        bump(&status, at: now)
        return status
    }

    private static func bump(_ status: inout AccountStatus, at now: Date) {
        status.statusVersion += 1
        status.updatedAt = now
    }

    private static func decision(
        _ order: Order, _ status: AccountStatus?, _ world: OrderWorld, _ snapshot: AccountSnapshot, due: Date, isNew: Bool
    ) -> OrderDecision {
        let drafts = NoticeComposer.drafts(for: order, account: snapshot.account, managingOrganization: world.managingOrganization)
        return OrderDecision(
            order: order, newStatus: status,
            notices: drafts.map { OrderDecision.NoticeToCreate(draft: $0, dueAt: due) },
            isNewOrder: isNew
        )
    }
}
