import ServiceLifecycle
import VNeIDService

/// Runs the authentication history's group-commit writer. On graceful shutdown (after the
/// server has drained its calls) it writes what is pending, then stops.
struct HistoryRecorderService: Service {
    let recorder: AuthenticationHistoryRecorder

    func run() async throws {
        await withGracefulShutdownHandler {
            await recorder.run()
        } onGracefulShutdown: {
            recorder.close()
        }
    }
}
