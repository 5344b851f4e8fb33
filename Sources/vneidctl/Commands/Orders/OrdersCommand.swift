import ArgumentParser
import Foundation
import VNeIDClient

/// `vneidctl orders ...`: locks, lock requests, unlocks, border-portal suspensions and restores.
struct OrdersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "orders",
        abstract: "Issue, review and read orders: locks, lock requests, unlocks, suspensions and restores.",
        discussion: """
            Every order command takes --request-id: rerunning it with the same id returns the \
            same order and executes nothing twice.
            """,
        subcommands: [
            LockOrder.self, RequestLockOrder.self, ApproveOrder.self, RefuseOrder.self, UnlockOrder.self,
            SuspendOrder.self, RestoreOrder.self, ListOrders.self, ShowOrder.self,
        ]
    )
}

/// Runs one order RPC and prints the resulting order.
struct OrderIssuer {
    let connection: ConnectionOptions
    let output: OutputOptions

    /// Runs `call`, which sends `requestID`. When the daemon could not be reached or did not
    /// answer in time, the order may or may not have been carried out: the message says
    /// how to retry it safely.
    func run(requestID: String, _ call: @escaping @Sendable (VNeIDClient) async throws -> OrderResult) async throws {
        do {
            let result = try await connection.withClient(call)
            if output.json {
                struct Result: Encodable { var order: OrderView; var replayed: Bool }
                try Printer.json(Result(order: OrderView(result.order), replayed: result.replayed))
            } else {
                if result.replayed { Printer.text("(a retry: this order was made by an earlier call with the same request id; nothing was done again)\n") }
                Printer.text(OrderView(result.order).story)
            }
        } catch let failure as CommandFailure {
            if failure.exitCode == ExitCode(6) {
                FileHandle.standardError.write(Data("vneidctl: the order may or may not have been carried out; rerun with --request-id \(requestID) to retry it safely\n".utf8))
            }
            throw failure.exitCode
        }
    }
}
