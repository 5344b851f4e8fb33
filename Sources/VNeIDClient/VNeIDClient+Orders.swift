import Foundation
import GRPCCore
import SwiftProtobuf
import VNeIDCore
import VNeIDGRPCStubs
import VNeIDProto

extension VNeIDClient {
    // MARK: Orders

    /// Records and executes an automatic lock (REGISTRY).
    public func lockAccount(_ accountID: String, grounds: OrderGrounds, requestID: String) async throws(VNeIDClientError) -> OrderResult {
        try await mappingErrors {
            OrderResult(try await unary(Vneid_V1_OrderService.Method.LockAccount.self, .with {
                $0.requestID = requestID
                $0.accountID = accountID
                $0.grounds = Vneid_V1_Grounds(grounds)
            }, options: options))
        }
    }

    /// Submits a third party's lock request to the Police unit `policeUnit`, whose
    /// approvers review it (REQUESTER).
    public func requestLock(
        _ accountID: String, grounds: OrderGrounds, policeUnit: String, requestID: String
    ) async throws(VNeIDClientError) -> OrderResult {
        try await mappingErrors {
            OrderResult(try await unary(Vneid_V1_OrderService.Method.RequestLock.self, .with {
                $0.requestID = requestID
                $0.accountID = accountID
                $0.grounds = Vneid_V1_Grounds(grounds)
                $0.policeUnit = policeUnit
            }, options: options))
        }
    }

    /// Approves a pending lock request: the lock executes (POLICE_APPROVER).
    public func approveLockRequest(_ orderID: String, note: String = "", requestID: String) async throws(VNeIDClientError) -> OrderResult {
        try await mappingErrors {
            OrderResult(try await unary(Vneid_V1_OrderService.Method.ApproveLockRequest.self, .with {
                $0.requestID = requestID
                $0.orderID = orderID
                $0.note = note
            }, options: options))
        }
    }

    /// Refuses a pending lock request with written reasons (POLICE_APPROVER).
    public func refuseLockRequest(_ orderID: String, reason: String, requestID: String) async throws(VNeIDClientError) -> OrderResult {
        try await mappingErrors {
            OrderResult(try await unary(Vneid_V1_OrderService.Method.RefuseLockRequest.self, .with {
                $0.requestID = requestID
                $0.orderID = orderID
                $0.reason = reason
            }, options: options))
        }
    }

    /// Lifts one lock ground (REGISTRY at the subject's request, POLICE_APPROVER
    /// otherwise): the one the lock order `lockOrderID` added, which may be `nil` only while
    /// the account has a single ground.
    public func unlockAccount(
        _ accountID: String, grounds: OrderGrounds, lockOrderID: String? = nil, requestID: String
    ) async throws(VNeIDClientError) -> OrderResult {
        try await mappingErrors {
            OrderResult(try await unary(Vneid_V1_OrderService.Method.UnlockAccount.self, .with {
                $0.requestID = requestID
                $0.accountID = accountID
                $0.grounds = Vneid_V1_Grounds(grounds)
                $0.lockOrderID = lockOrderID ?? ""
            }, options: options))
        }
    }

    /// Suspends the account's login to `service` for the caller's station.
    public func suspendLogin(
        _ accountID: String, service: String = "border-portal", grounds: OrderGrounds, requestID: String
    ) async throws(VNeIDClientError) -> OrderResult {
        try await mappingErrors {
            OrderResult(try await unary(Vneid_V1_OrderService.Method.SuspendLogin.self, .with {
                $0.requestID = requestID
                $0.accountID = accountID
                $0.service = service
                $0.grounds = Vneid_V1_Grounds(grounds)
            }, options: options))
        }
    }

    /// Restores login the caller's station suspended.
    public func restoreLogin(
        _ accountID: String, service: String = "border-portal", grounds: OrderGrounds, requestID: String
    ) async throws(VNeIDClientError) -> OrderResult {
        try await mappingErrors {
            OrderResult(try await unary(Vneid_V1_OrderService.Method.RestoreLogin.self, .with {
                $0.requestID = requestID
                $0.accountID = accountID
                $0.service = service
                $0.grounds = Vneid_V1_Grounds(grounds)
            }, options: options))
        }
    }

    /// One order's full story.
    public func order(id: String) async throws(VNeIDClientError) -> Order {
        try await mappingErrors {
            Order(proto: try await unary(Vneid_V1_OrderService.Method.GetOrder.self, .with { $0.orderID = id }, options: options))
        }
    }

    /// One page of orders, newest first.
    public func orders(_ filter: OrderFilter = OrderFilter(), pageSize: Int = 100, pageToken: String? = nil) async throws(VNeIDClientError) -> OrderPage {
        try await mappingErrors {
            let response = try await unary(Vneid_V1_OrderService.Method.ListOrders.self, .with {
                $0.accountID = filter.accountID ?? ""
                $0.state = filter.state?.proto ?? .unspecified
                $0.kind = filter.kind?.proto ?? .unspecified
                $0.overdue = filter.overdue
                $0.pageSize = UInt32(clamping: max(0, pageSize))
                $0.pageToken = pageToken ?? ""
            }, options: options)
            return OrderPage(orders: response.orders.map(Order.init(proto:)), nextPageToken: response.nextPageToken.isEmpty ? nil : response.nextPageToken)
        }
    }

    // MARK: Station authorizations

    /// Grants a deputy of the caller's station a standing authorization (STATION_COMMANDER).
    public func grantAuthorization(
        deputy: String, validFrom: Date? = nil, validUntil: Date, note: String = ""
    ) async throws(VNeIDClientError) -> StationAuthorization {
        try await mappingErrors {
            StationAuthorization(proto: try await unary(Vneid_V1_AuthorizationService.Method.GrantAuthorization.self, .with {
                $0.deputy = deputy
                if let validFrom { $0.validFrom = Google_Protobuf_Timestamp(date: validFrom) }
                $0.validUntil = Google_Protobuf_Timestamp(date: validUntil)
                $0.note = note
            }, options: options))
        }
    }

    /// Revokes an authorization of the caller's station (STATION_COMMANDER).
    public func revokeAuthorization(id: String) async throws(VNeIDClientError) -> StationAuthorization {
        try await mappingErrors {
            StationAuthorization(proto: try await unary(Vneid_V1_AuthorizationService.Method.RevokeAuthorization.self, .with { $0.authorizationID = id }, options: options))
        }
    }

    /// Authorizations of the caller's station, or of `stationID` for an auditor; newest first.
    public func authorizations(stationID: String? = nil) async throws(VNeIDClientError) -> [StationAuthorization] {
        try await mappingErrors {
            let response = try await unary(Vneid_V1_AuthorizationService.Method.ListAuthorizations.self, .with { $0.stationID = stationID ?? "" }, options: options)
            return response.authorizations.map(StationAuthorization.init(proto:))
        }
    }

    // MARK: Notices

    /// One page of the notices of the caller's channels.
    public func notices(_ filter: NoticeFilter = NoticeFilter(), pageSize: Int = 100) async throws(VNeIDClientError) -> NoticePage {
        try await mappingErrors {
            let response = try await unary(Vneid_V1_NoticeService.Method.ListNotices.self, .with {
                $0.afterSequence = filter.afterSequence
                $0.undeliveredOnly = filter.undeliveredOnly
                $0.overdue = filter.overdue
                $0.orderID = filter.orderID ?? ""
                $0.pageSize = UInt32(clamping: max(0, pageSize))
            }, options: options)
            return NoticePage(
                notices: response.notices.map(SequencedNotice.init),
                nextAfterSequence: response.nextAfterSequence == 0 ? nil : response.nextAfterSequence
            )
        }
    }

    /// Streams the notices of the caller's channels after `afterSequence`, then new ones as
    /// they are created, calling `body` with each until it returns `false`. `onOpen` runs
    /// once the daemon has accepted the stream.
    public func watchNotices(
        afterSequence: UInt64 = 0, undeliveredOnly: Bool = false,
        onOpen: @escaping @Sendable () async -> Void = {},
        _ body: @escaping @Sendable (SequencedNotice) async throws -> Bool
    ) async throws(VNeIDClientError) {
        try await mappingErrors {
            let request = Vneid_V1_WatchNoticesRequest.with {
                $0.afterSequence = afterSequence
                $0.undeliveredOnly = undeliveredOnly
            }
            try await serverStreaming(Vneid_V1_NoticeService.Method.WatchNotices.self, request, onOpen: onOpen) { notice in
                try await body(SequencedNotice(notice))
            }
        }
    }

    /// Records a notice delivered to its recipient.
    public func acknowledgeNotice(id: String) async throws(VNeIDClientError) -> Notice {
        try await mappingErrors {
            Notice(proto: try await unary(Vneid_V1_NoticeService.Method.AcknowledgeNotice.self, .with { $0.noticeID = id }, options: options))
        }
    }

    // MARK: Status changes

    /// Streams every status change after `afterSequence`, then new ones as they commit,
    /// calling `body` with each until it returns `false`. Keep the last sequence you
    /// processed and pass it to resume after a disconnect. `onOpen` runs once the daemon
    /// has accepted the stream.
    public func watchStatusChanges(
        afterSequence: UInt64 = 0, onOpen: @escaping @Sendable () async -> Void = {},
        _ body: @escaping @Sendable (StatusChange) async throws -> Bool
    ) async throws(VNeIDClientError) {
        try await mappingErrors {
            let request = Vneid_V1_WatchStatusChangesRequest.with { $0.afterSequence = afterSequence }
            try await serverStreaming(Vneid_V1_AccountService.Method.WatchStatusChanges.self, request, onOpen: onOpen) { change in
                try await body(try StatusChange(proto: change))
            }
        }
    }

    // MARK: Audit

    /// One page of audit entries matching `filter`.
    public func auditEntries(_ filter: AuditFilter = AuditFilter(), pageSize: Int = 100) async throws(VNeIDClientError) -> AuditPage {
        try await mappingErrors {
            let response = try await unary(Vneid_V1_AuditService.Method.ListAuditEntries.self, .with {
                $0.accountID = filter.accountID ?? ""
                $0.principal = filter.principal ?? ""
                $0.kinds = filter.kinds
                if let from = filter.from { $0.from = Google_Protobuf_Timestamp(date: from) }
                if let until = filter.until { $0.until = Google_Protobuf_Timestamp(date: until) }
                $0.afterSequence = filter.afterSequence
                $0.pageSize = UInt32(clamping: max(0, pageSize))
            }, options: options)
            return AuditPage(
                entries: response.entries.map(AuditEntry.init(proto:)),
                nextAfterSequence: response.nextAfterSequence == 0 ? nil : response.nextAfterSequence
            )
        }
    }

    /// Checks the audit log's whole hash chain and, given a head signed earlier, that the
    /// chain still holds the entry it signed.
    public func verifyAuditLog(against head: SignedAuditHead? = nil) async throws(VNeIDClientError) -> AuditVerification {
        try await mappingErrors {
            var longer = options
            longer.timeout = nil
            let request = Vneid_V1_VerifyAuditLogRequest.with { if let head { $0.against = Vneid_V1_SignedAuditHead(head) } }
            let response = try await unary(Vneid_V1_AuditService.Method.VerifyAuditLog.self, request, options: longer)
            return AuditVerification(
                intact: response.intact, verifiedEntries: response.verifiedEntries,
                firstBroken: response.problem.isEmpty ? nil : (response.firstBrokenSequence, response.problem),
                headSequence: response.headSequence,
                headHash: Hex.encode([UInt8](response.headHash)),
                againstHolds: head == nil ? nil : response.againstHolds,
                againstProblem: response.againstProblem.isEmpty ? nil : response.againstProblem,
                recordsChecked: response.recordsChecked,
                recordProblems: response.recordProblems.map { problem in
                    AuditVerification.RecordProblem(
                        kind: problem.kind, id: problem.id,
                        boundBySequence: problem.boundBySequence == 0 ? nil : problem.boundBySequence, problem: problem.problem
                    )
                },
                recordProblemCount: response.recordProblemCount
            )
        }
    }

    /// The audit chain's head now, signed with the daemon's audit key.
    public func auditHead() async throws(VNeIDClientError) -> SignedAuditHead {
        try await mappingErrors {
            try SignedAuditHead(validating: try await unary(Vneid_V1_AuditService.Method.GetAuditHead.self, .init(), options: options))
        }
    }

    /// The call options of streams, which run for as long as the caller wants.
    private var streamOptions: CallOptions {
        var streaming = options
        streaming.timeout = nil
        return streaming
    }
}

extension OrderResult {
    init(_ proto: Vneid_V1_OrderResult) {
        self.init(order: Order(proto: proto.order), replayed: proto.replayed)
    }
}

extension SequencedNotice {
    init(_ proto: Vneid_V1_Notice) {
        self.init(sequence: proto.sequence, notice: Notice(proto: proto), overdue: proto.overdue)
    }
}

extension StatusChange {
    init(proto: Vneid_V1_StatusChange) throws(VNeIDError) {
        self.init(
            sequence: proto.sequence, status: try AccountStatus(proto: proto.status), orderID: proto.orderID,
            orderKind: OrderKind(proto: proto.orderKind) ?? .lock, at: proto.at.date
        )
    }
}

extension AuditEntry {
    init(proto: Vneid_V1_AuditEntry) {
        self.init(
            sequence: proto.sequence,
            event: AuditEvent(
                kind: AuditKind(rawValue: proto.kind) ?? .orderReceived, at: proto.at.date,
                actor: AuditActor(id: proto.actorID, name: proto.actorName),
                accountID: proto.accountID.isEmpty ? nil : proto.accountID,
                orderID: proto.orderID.isEmpty ? nil : proto.orderID,
                target: proto.target.isEmpty ? nil : proto.target, detail: proto.detail
            ),
            // A record of a kind this client does not know yet is left out: the entry's
            // hash then no longer matches here, but the daemon, which knows it, verifies.
            records: proto.records.compactMap { record in
                AuditRecordKind(rawValue: record.kind).map { BoundRecord(key: AuditRecordKey($0, record.id), digest: [UInt8](record.digest)) }
            },
            previousHash: [UInt8](proto.previousHash), hash: [UInt8](proto.hash)
        )
    }
}
