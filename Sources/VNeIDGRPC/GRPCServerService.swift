import GRPCCore
import ServiceLifecycle

/// Runs a `GRPCServer` as a swift-service-lifecycle service: on graceful shutdown it stops
/// accepting calls, lets the calls in flight finish, then returns.
public struct GRPCServerService<Transport: ServerTransport>: Service {
    let server: GRPCServer<Transport>

    public func run() async throws {
        try await withGracefulShutdownHandler {
            try await server.serve()
        } onGracefulShutdown: {
            server.beginGracefulShutdown()
        }
    }
}
