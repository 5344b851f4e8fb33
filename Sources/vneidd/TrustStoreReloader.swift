import Logging
import ServiceLifecycle
import UnixSignals
import VNeIDTokens

/// Re-reads the trusted issuers' JWKS files on SIGHUP, and when a file changes on disk
/// (checked every second). A refused file is logged and its issuer keeps its keys.
///
/// Create it before the daemon announces its address: SIGHUP is trapped from then on,
/// instead of ending the process as it does by default.
struct TrustStoreReloader: Service {
    let trustStore: TrustStore
    let logger: Logger
    let hangUps: UnixSignalsSequence
    var pollInterval: Duration = .seconds(1)

    init(trustStore: TrustStore, logger: Logger) async {
        self.trustStore = trustStore
        self.logger = logger
        hangUps = await UnixSignalsSequence(trapping: .sighup)
    }

    func run() async throws {
        let hangUps = hangUps
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
