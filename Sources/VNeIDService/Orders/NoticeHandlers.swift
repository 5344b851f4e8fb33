import Foundation
import Logging
import SwiftProtobuf
import VNeIDCore
import VNeIDProto

/// The notice RPCs: recipients' systems list and watch the notices of their channels and
/// acknowledge delivery.
public struct NoticeHandlers: Sendable {
    let store: any VNeIDStore
    let changes: ChangeSignal
    let logger: Logger

    /// How many notices one read of a watch fetches.
    static let watchBatch = 500

    /// Creates the handlers.
    public init(store: any VNeIDStore, changes: ChangeSignal, logger: Logger) {
        self.store = store
        self.changes = changes
        self.logger = logger
    }

    /// Notices of the caller's channels, by sequence.
    public func listNotices(_ request: Vneid_V1_ListNoticesRequest, caller: Caller) async throws -> Vneid_V1_ListNoticesResponse {
        let now = Date()
        let pageSize = try PageSize.validate(request.pageSize)
        let query = NoticeQuery(
            channels: Self.readableChannels(caller), afterSequence: request.afterSequence,
            undeliveredOnly: request.undeliveredOnly, overdueAt: request.overdue ? now : nil,
            orderID: request.orderID.isEmpty ? nil : request.orderID, limit: pageSize
        )
        let notices = try await store.notices(query)
        return .with {
            $0.notices = notices.map { Vneid_V1_Notice($0.notice, sequence: $0.sequence, at: now) }
            $0.nextAfterSequence = notices.count == pageSize ? notices.last?.sequence ?? 0 : 0
        }
    }

    /// Sends every notice of the caller's channels after `after_sequence`, then new ones
    /// as they are created, until the caller goes away. At shutdown the stream ends with
    /// `unavailable`, naming the sequence to resume after.
    public func watchNotices(
        _ request: Vneid_V1_WatchNoticesRequest, caller: Caller, send: (Vneid_V1_Notice) async throws -> Void
    ) async throws {
        var after = request.afterSequence
        let channels = Self.readableChannels(caller)
        while !Task.isCancelled, !changes.isClosed {
            let seen = changes.generation
            let notices = try await store.notices(NoticeQuery(
                channels: channels, afterSequence: after, undeliveredOnly: request.undeliveredOnly, limit: Self.watchBatch
            ))
            let now = Date()
            for (sequence, notice) in notices {
                try await send(Vneid_V1_Notice(notice, sequence: sequence, at: now))
                after = sequence
            }
            if notices.count < Self.watchBatch { await changes.wait(after: seen, timeout: .seconds(1)) }
        }
        if changes.isClosed {
            throw VNeIDError.unavailable("vneidd is shutting down; reconnect and resume after sequence \(after)")
        }
    }

    /// Records a notice delivered.
    public func acknowledgeNotice(_ request: Vneid_V1_AcknowledgeNoticeRequest, caller: Caller) async throws -> Vneid_V1_Notice {
        guard !request.noticeID.isEmpty else { throw VNeIDError.invalidArgument("notice_id is empty") }
        let channels = NoticeChannel.deliveredBy(caller.principal)
        guard !channels.isEmpty else {
            throw VNeIDError.permissionDenied("principal '\(caller.principal.name)' delivers no notices; only the registry, a portal or a requesting body acknowledges them")
        }
        let now = Date()
        let notice = try await store.acknowledgeNotice(
            id: request.noticeID, channels: channels, by: AuditActor(id: caller.principal.id, name: caller.principal.name), at: now
        )
        logger.info("notice delivered", metadata: ["notice": "\(notice.id)", "order": "\(notice.orderID)", "by": "\(caller.principal.name)"])
        return Vneid_V1_Notice(notice, sequence: 0, at: now)
    }

    /// All channels for an auditor, else the caller's own.
    static func readableChannels(_ caller: Caller) -> [NoticeChannel]? {
        caller.principal.roles.contains(.auditor) ? nil : NoticeChannel.deliveredBy(caller.principal)
    }
}
