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

    /// Checks what can be checked before reading the store: the grounds fit the action and
    /// carry the facts they rest on, and the actor's role fits the action.
    public static func validate(_ action: OrderAction, actor: OrderActor) throws(VNeIDError) {
        try validateOrganizationNamed(in: action)
        switch action {
        case .lock(let id, let grounds):
            try expect(actor, .registry, "record an automatic lock")
            let allowed = automaticLockGrounds(for: id.kind)
            guard allowed.contains(grounds.ground) else {
                throw .invalidArgument("\(grounds.ground.rawValue) is not a ground for an automatic lock of \(id.kind == .citizen ? "a citizen's" : "an organization's") account \(id); the grounds are \(allowed.map(\.rawValue).joined(separator: ", "))")
            }
            switch grounds.ground {
            case .termsViolation: try grounds.requireText("which term of use was violated, and how")
            case .idCardRevoked: try grounds.requireReference("the decision revoking the ID card")
            case .deceased: try grounds.requireReference("the civil-status record of the death")
            case .organizationDissolved: try grounds.requireReference("the registry's record of the dissolution or cessation")
            default: break
            }
        case .requestLock(_, let grounds, _):
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
        case .unlock(_, let grounds, _):
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
            let reason = grounds.ground.lockReason ?? .termsViolation
            if reason.isFinal, let recorded = snapshot.status.locks.first(where: { $0.reason == reason }) {
                throw .failedPrecondition("account \(id) is locked on \(reason.rawValue) already, recorded by order \(recorded.orderID) at \(recorded.since.iso8601); that fact is recorded once")
            }
            var order = newOrder(command, id, grounds, state: .executed, decidedBy: command.actor)
            let status = adding(snapshot.status, reason: reason, order: order.id, at: now)
            order.history = [Order.Event(state: .executed, at: now, by: command.actor)]
            return decision(order, status, world, snapshot, due: command.workingDayNoticeDue, isNew: true)

        case .requestLock(let id, let grounds, let unit):
            _ = try registered(world, id)
            guard world.policeUnits.contains(unit) else {
                let known = world.policeUnits.isEmpty ? "no unit has an approver yet" : "units with approvers: \(world.policeUnits.map(\.rawValue).joined(separator: ", "))"
                throw .failedPrecondition("no POLICE_APPROVER belongs to Police unit \(unit), so no one could decide the request; \(known)")
            }
            // An account locked already is no reason to refuse: the Police decision adds a
            // ground of its own, which outlives the lifting of the others.
            var order = newOrder(command, id, grounds, state: .pendingReview, decidedBy: nil)
            order.policeUnit = unit
            order.reviewDeadline = command.reviewDeadline
            order.history = [Order.Event(state: .pendingReview, at: now, by: command.actor)]
            return OrderDecision(order: order, newStatus: nil, notices: [], isNewOrder: true)

        case .approveLockRequest(let orderID, let note), .refuseLockRequest(let orderID, let note):
            guard var order = world.existingOrder, order.kind == .lock, order.requestedBy.role == .requester else {
                throw .notFound("no lock request \(orderID)")
            }
            // The head of the unit that received the request decides it; other units do
            // not even see it.
            guard order.policeUnit == nil || order.policeUnit == command.actor.policeUnit else {
                throw .notFound("no lock request \(orderID) addressed to your Police unit (\(command.actor.policeUnit?.rawValue ?? "none")); only the approvers of the unit it was sent to see and decide it")
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
            order.state = .executed
            order.history.append(Order.Event(state: .executed, at: now, by: command.actor, note: note.trimmingSpace))
            let status = adding(snapshot.status, reason: .thirdPartyRequest, order: order.id, at: now)
            return decision(order, status, world, snapshot, due: due, isNew: false)

        case .unlock(let id, let grounds, let lockOrderID):
            let snapshot = try registered(world, id)
            let lock = try lockToLift(snapshot.status, named: lockOrderID)
            try requireMayLift(lock, of: id, on: grounds, by: command.actor, world: world)
            var order = newOrder(command, id, grounds, state: .executed, decidedBy: command.actor)
            order.liftedOrderID = lock.orderID
            order.history = [Order.Event(state: .executed, at: now, by: command.actor)]
            var status = snapshot.status
            status.locks.removeAll { $0.orderID == lock.orderID }
            bump(&status, at: now)
            return decision(order, status, world, snapshot, due: command.workingDayNoticeDue, isNew: true)

        case .suspend(let id, let service, let grounds), .restore(let id, let service, let grounds):
            let actor = try authorizedStationActor(command.actor, world: world, at: now)
            try requireBorderPortal(service, world: world)
            let snapshot = try registered(world, id)
            if grounds.ground == .managingOrganizationRequest {
                try requireManagingOrganization(grounds, snapshot: snapshot, world: world)
            }
            let station = actor.stationID ?? StationID(trusted: "")
            let ours = snapshot.status.suspensions.first { $0.service == service.rawValue && $0.stationID == station.rawValue }
            var status = snapshot.status
            var lifted: String?
            if case .suspend = command.action {
                if let ours {
                    throw .failedPrecondition("account \(id) is already suspended for \(service) by station \(station) since \(ours.since.iso8601) (order \(ours.orderID))")
                }
                status.suspensions.append(AccountStatus.Suspension(service: service.rawValue, stationID: station.rawValue, since: now, orderID: command.newOrderID))
            } else {
                guard let ours else {
                    let others = snapshot.status.suspensions.filter { $0.service == service.rawValue }.map(\.stationID)
                    if !others.isEmpty {
                        throw .permissionDenied("account \(id) is suspended for \(service) by station \(others.joined(separator: ", ")), not by \(station); only the station that suspended it may restore it")
                    }
                    throw .failedPrecondition("account \(id) is not suspended for \(service); there is nothing to restore")
                }
                try requireRestoreFits(grounds, suspension: ours, world: world)
                status.suspensions.removeAll { $0.service == service.rawValue && $0.stationID == station.rawValue }
                lifted = ours.orderID
            }
            bump(&status, at: now)
            var order = newOrder(command, id, grounds, state: .executed, decidedBy: actor)
            order.service = service
            order.stationID = station
            order.requestedBy = actor
            order.liftedOrderID = lifted
            order.history = [Order.Event(state: .executed, at: now, by: actor)]
            return decision(order, status, world, snapshot, due: now.addingTimeInterval(portalNoticeDelay), isNew: true)
        }
    }

    /// The lock ground an unlock lifts: the one `orderID` names, or the only one.
    static func lockToLift(_ status: AccountStatus, named orderID: String?) throws(VNeIDError) -> AccountStatus.Lock {
        let id = status.accountID
        let listed = status.locks.map { "\($0.reason.rawValue) (order \($0.orderID))" }.joined(separator: ", ")
        guard !status.locks.isEmpty else {
            throw .failedPrecondition("account \(id) is not locked; there is nothing to unlock")
        }
        guard let orderID, !orderID.isEmpty else {
            guard status.locks.count == 1 else {
                throw .invalidArgument("account \(id) is locked on \(status.locks.count) grounds: \(listed); name the one to lift (lock_order_id)")
            }
            return status.locks[0]
        }
        guard let lock = status.locks.first(where: { $0.orderID == orderID }) else {
            throw .failedPrecondition("order \(orderID) is not a lock ground of account \(id) in force; its grounds are: \(listed)")
        }
        return lock
    }

    /// Whether `actor`, on `grounds`, may lift `lock`: never a final ground; the subject's
    /// own lock only at its request through the registry; any other only by the Police on
    /// LOCK_GROUNDS_LIFTED, and a third party's lock only by the unit that decided it.
    static func requireMayLift(
        _ lock: AccountStatus.Lock, of id: AccountID, on grounds: OrderGrounds, by actor: OrderActor, world: OrderWorld
    ) throws(VNeIDError) {
        if lock.reason.isFinal {
            let fact = lock.reason == .deceased ? "its subject died" : "the organization was dissolved or ceased operation"
            throw .failedPrecondition("account \(id) is locked because \(fact) (order \(lock.orderID)); that lock is final and no order lifts it")
        }
        if lock.reason == .subjectRequest {
            guard grounds.ground == .subjectRequest else {
                throw .permissionDenied("the lock of account \(id) by order \(lock.orderID) was the subject's own request; only the subject's request, through the registry, lifts it")
            }
            return
        }
        guard grounds.ground == .lockGroundsLifted else {
            throw .permissionDenied("account \(id) is locked for \(lock.reason.rawValue) by order \(lock.orderID); the subject's request does not lift it, only a POLICE_APPROVER on LOCK_GROUNDS_LIFTED")
        }
        if lock.reason == .thirdPartyRequest, let unit = world.groundOrders[lock.orderID]?.policeUnit, unit != actor.policeUnit {
            throw .permissionDenied("the lock of account \(id) by order \(lock.orderID) was decided by Police unit \(unit); only that unit's approvers lift it")
        }
    }

    /// Requires `service` to be registered and marked as a border e-procedure portal: the
    /// only services a station decides login to.
    static func requireBorderPortal(_ service: ServiceName, world: OrderWorld) throws(VNeIDError) {
        let portals = world.borderPortals.isEmpty ? "none is marked yet (an admin marks one with 'vneidctl services update NAME --border-portal')" : world.borderPortals.map(\.rawValue).joined(separator: ", ")
        guard let registered = world.service else {
            throw .notFound("no service \(service) is registered; a station suspends and restores login to a border e-procedure portal: \(portals)")
        }
        guard registered.isBorderPortal else {
            throw .failedPrecondition("service \(service) is not a border e-procedure portal; a border guard station decides login to border e-procedure portals only: \(portals)")
        }
    }

    /// For the managing agency's or enterprise's own request (Appendix 1 or 3): the account's
    /// subject acts for a registered organization, and the request names that organization.
    static func requireManagingOrganization(_ grounds: OrderGrounds, snapshot: AccountSnapshot, world: OrderWorld) throws(VNeIDError) {
        let id = snapshot.account.id
        guard let organizationID = snapshot.account.record.managingOrganizationID else {
            throw .failedPrecondition("account \(id) does not act for a managing agency or enterprise, so no organization can ask for its suspension or restore; use SECURITY_RISK or RISK_RESOLVED")
        }
        guard let organization = world.managingOrganization else {
            throw .failedPrecondition("account \(id) acts for organization \(organizationID), which is not registered")
        }
        guard grounds.organizationID == organization.id else {
            throw .invalidArgument("the request names organization \(grounds.organizationID?.rawValue ?? "?"), but account \(id) acts for \(organization.id) (\(organization.record.displayName)); only that organization may ask")
        }
    }

    /// A restore ends the suspension its ground answers: RISK_RESOLVED a SECURITY_RISK
    /// suspension, the organization's Appendix 3 request its own Appendix 1 suspension.
    static func requireRestoreFits(_ grounds: OrderGrounds, suspension: AccountStatus.Suspension, world: OrderWorld) throws(VNeIDError) {
        guard let suspended = world.groundOrders[suspension.orderID]?.grounds.ground else {
            throw .internalError("suspension order \(suspension.orderID) is missing from the database; run 'vneidctl audit verify'")
        }
        let answers: OrderGround = suspended == .securityRisk ? .riskResolved : .managingOrganizationRequest
        guard grounds.ground == answers else {
            throw .failedPrecondition("the suspension by order \(suspension.orderID) rests on \(suspended.rawValue); restore it on \(answers.rawValue), not \(grounds.ground.rawValue)")
        }
    }

    private static func validateOrganizationNamed(in action: OrderAction) throws(VNeIDError) {
        let grounds: OrderGrounds
        switch action {
        case .lock(_, let given), .requestLock(_, let given, _), .unlock(_, let given, _), .suspend(_, _, let given), .restore(_, _, let given):
            grounds = given
        case .approveLockRequest, .refuseLockRequest:
            return
        }
        if grounds.ground == .managingOrganizationRequest, grounds.organizationID == nil {
            throw .invalidArgument("ground MANAGING_ORGANIZATION_REQUEST must name the managing agency or enterprise that asked (organization_id)")
        }
        if grounds.ground != .managingOrganizationRequest, grounds.organizationID != nil {
            throw .invalidArgument("organization_id belongs to MANAGING_ORGANIZATION_REQUEST only, not \(grounds.ground.rawValue)")
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

    private static func newOrder(
        _ command: OrderCommand, _ id: AccountID, _ grounds: OrderGrounds, state: OrderState, decidedBy: OrderActor?
    ) -> Order {
        Order(
            id: command.newOrderID, kind: command.action.kind, accountID: id, grounds: grounds,
            requestedBy: command.actor, decidedBy: decidedBy, state: state, receivedAt: command.at,
            decidedAt: decidedBy == nil ? nil : command.at
        )
    }

    private static func adding(_ status: AccountStatus, reason: LockReason, order: String, at now: Date) -> AccountStatus {
        var status = status
        status.locks.append(AccountStatus.Lock(reason: reason, since: now, orderID: order))
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
