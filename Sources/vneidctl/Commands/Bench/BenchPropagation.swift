import ArgumentParser
import Foundation
import Histogram
import VNeIDClient
import VNeIDCore

/// `vneidctl bench propagation`: how long an order committed through one daemon takes to
/// show through another daemon sharing its database.
struct BenchPropagation: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "propagation",
        abstract: "Measure how long a suspension or restore committed through one daemon takes to show in another daemon's GetAccountStatus.",
        discussion: """
            Alternately suspends and restores one account's login through the daemon of \
            --server (a STATION_COMMANDER's key), and after each answer asks the daemon of \
            --observe for the account's status, again and again, until it shows the change. \
            The delay is from the answer (the commit) to the first status that shows it; \
            its resolution is one GetAccountStatus round trip. Prints p50, p99 and the \
            maximum in milliseconds. Both daemons must share one PostgreSQL database.
            """
    )

    @OptionGroup var connection: ConnectionOptions

    @Option(help: ArgumentHelp("The other daemon, which is watched for the change.", valueName: "host:port"))
    var observe: String

    @Option(name: .customLong("observer-api-key-file"), help: ArgumentHelp("A key that may read statuses there (AUDITOR, REGISTRY or RELYING_SERVICE).", valueName: "file"))
    var observerKeyFile: String

    @Option(help: "The account whose login is suspended and restored.")
    var account: String

    @Option(help: "How many orders to time.")
    var rounds = 200

    @Option(help: "The border e-procedure portal service.")
    var service = "border-portal"

    func run() async throws {
        let writer = try connection.clientConfiguration()
        let observerKey = try String(contentsOfFile: observerKeyFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        var observer = try VNeIDClientConfiguration(server: observe, apiKey: observerKey, tls: writer.tls, transport: writer.transport)
        observer.timeout = writer.timeout
        let (account, service, rounds) = (self.account, self.service, self.rounds)
        let histogram = try await VNeIDClient.withConnection(writer) { writing in
            try await VNeIDClient.withConnection(observer) { watching in
                let restored = OrderGrounds(ground: .riskResolved, text: "bench")
                let risk = OrderGrounds(ground: .securityRisk, text: "bench")
                _ = try? await writing.restoreLogin(account, service: service, grounds: restored, requestID: UUID().uuidString)
                var histogram = Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three)
                for round in 0..<rounds {
                    let suspending = round % 2 == 0
                    if suspending {
                        _ = try await writing.suspendLogin(account, service: service, grounds: risk, requestID: UUID().uuidString)
                    } else {
                        _ = try await writing.restoreLogin(account, service: service, grounds: restored, requestID: UUID().uuidString)
                    }
                    let committed = ContinuousClock.now
                    while try await watching.accountStatus(id: account).suspensions.isEmpty == suspending {}
                    histogram.record(UInt64(max(0, (ContinuousClock.now - committed).wholeMicroseconds)))
                }
                return histogram
            }
        }
        func ms(_ value: UInt64) -> String { String(format: "%.2f", Double(value) / 1000) }
        Printer.text("""
            bench propagation: \(rounds) orders through \(writer.host):\(writer.port), watched through \(observe)
            delay p50 \(ms(histogram.valueAtPercentile(50))) ms, p99 \(ms(histogram.valueAtPercentile(99))) ms, max \(ms(histogram.max)) ms

            """)
    }
}
