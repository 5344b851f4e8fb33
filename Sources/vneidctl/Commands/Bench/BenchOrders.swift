import ArgumentParser
import Foundation
import VNeIDClient

/// `vneidctl bench orders`: border-portal suspensions and restores in a closed loop.
struct BenchOrders: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "orders",
        abstract: "Drive SuspendLogin and RestoreLogin at a given concurrency and report orders/s and latency percentiles.",
        discussion: """
            Each worker owns one account and alternates suspending and restoring it, each order \
            with a new request id: every call is a write transaction (the order, the status, \
            the status change, the notices and the audit entry) committed durably. The key \
            must be a STATION_COMMANDER's; --concurrency must not exceed the number of \
            account ids. Before measuring, the accounts are restored if a previous run left \
            them suspended.
            """
    )

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    @OptionGroup var load: LoadOptions

    @Option(help: "The service whose login is suspended.")
    var service = "border-portal"

    func run() async throws {
        let ids = try load.ids()
        guard ids.count >= load.concurrency else {
            throw ValidationError("\(ids.count) account ids for \(load.concurrency) workers: each worker needs an account of its own")
        }
        let configuration = try connection.clientConfiguration()
        let connections = load.connectionCount
        let concurrency = load.concurrency
        let loadRun = load.run
        let service = self.service
        let restored = OrderGrounds(ground: .riskResolved, text: "bench")
        let risk = OrderGrounds(ground: .securityRisk, text: "bench")
        let result = try await BenchClients.with(count: connections, configuration: configuration) { clients in
            for (worker, id) in ids.prefix(concurrency).enumerated() {
                _ = try? await clients[worker % clients.count].restoreLogin(id, service: service, grounds: restored, requestID: UUID().uuidString)
            }
            return await loadRun.run { worker, iteration in
                let client = clients[worker % clients.count]
                let id = ids[worker]
                if iteration % 2 == 0 {
                    _ = try await client.suspendLogin(id, service: service, grounds: risk, requestID: UUID().uuidString)
                } else {
                    _ = try await client.restoreLogin(id, service: service, grounds: restored, requestID: UUID().uuidString)
                }
            }
        }
        if output.json {
            try Printer.json(result)
        } else {
            Printer.text("bench orders: \(concurrency) concurrent workers over \(connections) connections, each suspending and restoring its own account\n")
            Printer.text(result.text)
        }
        if result.requests == 0 || result.errors == result.requests { throw ExitCode(1) }
    }
}
