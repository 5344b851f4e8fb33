import GRPCCore
import SwiftProtobuf
import Synchronization
import VNeIDProto

/// The standard `grpc.health.v1.Health` service, open to every caller so that load
/// balancers can probe the daemon.
///
/// The overall status (service name "") and that of each VNeID service is SERVING while
/// the daemon runs and NOT_SERVING once it begins to shut down.
final class HealthService: Grpc_Health_V1_Health.SimpleServiceProtocol {
    typealias Status = Grpc_Health_V1_HealthCheckResponse.ServingStatus

    private struct State {
        var status: Status = .serving
        var watchers: [Int: AsyncStream<Status>.Continuation] = [:]
        var nextWatcherID = 0
    }

    private let serviceNames: [String]
    private let state = Mutex(State())

    /// Creates the service; `serviceNames` are the fully qualified names it answers for.
    init(serviceNames: [String]) {
        self.serviceNames = [""] + serviceNames
    }

    /// Marks every service NOT_SERVING and tells the watchers.
    func markNotServing() {
        let watchers = state.withLock { state in
            state.status = .notServing
            return Array(state.watchers.values)
        }
        for watcher in watchers {
            watcher.yield(.notServing)
            watcher.finish()
        }
    }

    func check(request: Grpc_Health_V1_HealthCheckRequest, context: ServerContext) async throws -> Grpc_Health_V1_HealthCheckResponse {
        guard serviceNames.contains(request.service) else {
            throw RPCError(code: .notFound, message: "unknown service '\(request.service)'")
        }
        return .with { $0.status = state.withLock { $0.status } }
    }

    func list(request: Grpc_Health_V1_HealthListRequest, context: ServerContext) async throws -> Grpc_Health_V1_HealthListResponse {
        let status = state.withLock { $0.status }
        return .with { response in
            for name in serviceNames { response.statuses[name] = .with { $0.status = status } }
        }
    }

    func watch(
        request: Grpc_Health_V1_HealthCheckRequest,
        response: RPCWriter<Grpc_Health_V1_HealthCheckResponse>,
        context: ServerContext
    ) async throws {
        guard serviceNames.contains(request.service) else {
            try await response.write(.with { $0.status = .serviceUnknown })
            return
        }
        let (stream, continuation) = AsyncStream<Status>.makeStream()
        let id = state.withLock { state in
            let id = state.nextWatcherID
            state.nextWatcherID += 1
            continuation.yield(state.status)
            if state.status == .serving { state.watchers[id] = continuation } else { continuation.finish() }
            return id
        }
        defer { _ = state.withLock { $0.watchers.removeValue(forKey: id) } }
        for await status in stream {
            try await response.write(.with { $0.status = status })
        }
    }
}
