import Foundation
import SwiftProtobuf
import VNeIDCore
import VNeIDProto

/// Streams account status changes in commit order, resuming after a sequence number.
public struct StatusChangeHandlers: Sendable {
    let store: any VNeIDStore
    let watches: WatchLoop

    /// Creates the handlers.
    public init(store: any VNeIDStore, watches: WatchLoop) {
        self.store = store
        self.watches = watches
    }

    /// Sends every change after `after_sequence`, then new ones as they commit, until the
    /// caller goes away (see `WatchLoop` for how it ends otherwise).
    public func watchStatusChanges(
        _ request: Vneid_V1_WatchStatusChangesRequest, caller: Caller, send: @escaping @Sendable (Vneid_V1_StatusChange) async throws -> Void
    ) async throws {
        let store = self.store
        try await watches.run(after: request.afterSequence) { after, limit in
            try await store.statusChanges(after: after, limit: limit).map { ($0.sequence, Vneid_V1_StatusChange($0)) }
        } send: { try await send($0) }
    }
}
