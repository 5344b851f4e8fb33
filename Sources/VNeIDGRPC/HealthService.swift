import GRPCCore
import SwiftProtobuf
import VNeIDCore
import VNeIDGRPCStubs
import VNeIDProto
import VNeIDService

/// The standard `grpc.health.v1.Health` service, open to every caller so that load
/// balancers can probe the daemon.
///
/// The overall status (service name "") and that of each VNeID service is the daemon's
/// `ServingState`: SERVING while it runs and its store answers, NOT_SERVING otherwise.
struct HealthService: Grpc_Health_V1_Health.SimpleServiceProtocol {
    private let serviceNames: [String]
    private let serving: ServingState

    /// Creates the service; `serviceNames` are the fully qualified names it answers for.
    init(serviceNames: [String], serving: ServingState) {
        self.serviceNames = [""] + serviceNames
        self.serving = serving
    }

    func check(request: Grpc_Health_V1_HealthCheckRequest, context: ServerContext) async throws -> Grpc_Health_V1_HealthCheckResponse {
        guard serviceNames.contains(request.service) else {
            throw RPCError(code: .notFound, message: "unknown service \(OutsideText.quoted(request.service))")
        }
        return .with { $0.status = Self.proto(serving.status) }
    }

    func list(request: Grpc_Health_V1_HealthListRequest, context: ServerContext) async throws -> Grpc_Health_V1_HealthListResponse {
        let status = Self.proto(serving.status)
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
        let serving = self.serving
        try await withTaskCancelledWithRPC(serving: serving) {
            for await status in serving.changes() {
                try await response.write(.with { $0.status = Self.proto(status) })
            }
        }
    }

    private static func proto(_ status: ServingState.Status) -> Grpc_Health_V1_HealthCheckResponse.ServingStatus {
        status == .serving ? .serving : .notServing
    }
}
