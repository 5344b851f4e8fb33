import Foundation
import Logging
import SwiftProtobuf
import VNeIDCore
import VNeIDProto

/// The notice RPCs: recipients' systems list and watch the notices of their channels and
/// acknowledge delivery.
public struct NoticeHandlers: Sendable {
    let store: any VNeIDStore
    let watches: WatchLoop
    let logger: Logger

    /// Creates the handlers.
    public init(store: any VNeIDStore, watches: WatchLoop, logger: Logger) {
        self.store = store
        self.watches = watches
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
        _ request: Vneid_V1_WatchNoticesRequest, caller: Caller, send: @escaping @Sendable (Vneid_V1_Notice) async throws -> Void
    ) async throws {
        let store = self.store
        let channels = Self.readableChannels(caller)
        let undeliveredOnly = request.undeliveredOnly
        try await watches.run(after: request.afterSequence) { after, limit in
            let now = Date()
            return try await store.notices(NoticeQuery(
                channels: channels, afterSequence: after, undeliveredOnly: undeliveredOnly, limit: limit
            )).map { ($0.sequence, Vneid_V1_Notice($0.notice, sequence: $0.sequence, at: now)) }
        } send: { try await send($0) }
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
