import Foundation
import SwiftProtobuf
import VNeIDCore
import VNeIDProto

/// Streams account status changes in commit order, resuming after a sequence number.
public struct StatusChangeHandlers: Sendable {
    let store: any VNeIDStore
    let changes: ChangeSignal

    /// How many changes one read of a watch fetches.
    static let watchBatch = 500

    /// Creates the handlers.
    public init(store: any VNeIDStore, changes: ChangeSignal) {
        self.store = store
        self.changes = changes
    }

    /// Sends every change after `after_sequence`, then new ones as they commit, until the
    /// caller goes away. At shutdown the stream ends with `unavailable`, naming the sequence
    /// to resume after.
    public func watchStatusChanges(
        _ request: Vneid_V1_WatchStatusChangesRequest, caller: Caller, send: (Vneid_V1_StatusChange) async throws -> Void
    ) async throws {
        var after = request.afterSequence
        while !Task.isCancelled, !changes.isClosed {
            let seen = changes.generation
            let batch = try await store.statusChanges(after: after, limit: Self.watchBatch)
            for change in batch {
                try await send(Vneid_V1_StatusChange(change))
                after = change.sequence
            }
            if batch.count < Self.watchBatch { await changes.wait(after: seen, timeout: .seconds(1)) }
        }
        if changes.isClosed {
            throw VNeIDError.unavailable("vneidd is shutting down; reconnect and resume after sequence \(after)")
        }
    }
}
