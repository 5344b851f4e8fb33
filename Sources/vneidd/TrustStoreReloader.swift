import Logging
import ServiceLifecycle
import UnixSignals
import VNeIDTokens

/// Re-reads the trusted issuers' JWKS files on SIGHUP, and when a file changes on disk
/// (checked every second). A refused file is logged and its issuer keeps its keys.
struct TrustStoreReloader: Service {
    let trustStore: TrustStore
    let logger: Logger
    var pollInterval: Duration = .seconds(1)

    func run() async throws {
        let hangUps = await UnixSignalsSequence(trapping: .sighup)
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await _ in hangUps { report(trustStore.reload(onlyChanged: false), trigger: "SIGHUP") }
                }
                group.addTask {
                    while (try? await Task.sleep(for: pollInterval)) != nil {
                        report(trustStore.reload(onlyChanged: true), trigger: "file change")
                    }
                }
                await group.next()
                group.cancelAll()
            }
        }
    }

    private func report(_ report: TrustStoreReloadReport, trigger: String) {
        for warning in report.warnings { logger.warning("\(warning)") }
        for failure in report.failures { logger.error("JWKS reload (\(trigger)) refused: \(failure)") }
        for (issuer, keyIDs) in report.reloaded {
            logger.notice("JWKS reloaded (\(trigger))", metadata: ["issuer": "\(issuer)", "kids": "\(keyIDs.joined(separator: ","))"])
        }
    }
}
