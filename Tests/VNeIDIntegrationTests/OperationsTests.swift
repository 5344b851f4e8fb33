import Foundation
import Testing
import VNeIDClient
import VNeIDCore
import VNeIDTestSupport
import VNeIDTokens

/// What an operations team relies on: the metrics the shipped dashboard and alert rules
/// read, JSON logs without secrets, gRPC reflection for generic tools, and the retention
/// of the authentication history.
@Suite("Operations: metrics, logs, reflection, retention")
struct OperationsTests {
    static let tools = InteropTests.packageRoot.appendingPathComponent("tools/ops")

    @Test("every series the Grafana dashboard and the alert rules use is served, parsed by prometheus_client, and moves with traffic on both transports")
    func metricsTheDashboardUses() async throws {
        let world = try await AuthenticationWorld()
        let python = try InteropTests.python()
        let script = InteropTests.packageRoot.appendingPathComponent("Tests/Interop/metrics_check.py").path
        let url = "http://\(try Self.metricsAddress(of: world.daemon))/metrics"
        let snapshot = world.keys.path + "/before.json"
        let before = try await ProcessRunner.run(python, [script, "snapshot", url, snapshot], in: world.keys)
        try #require(before.status == 0, "\(before.stderr)")

        let roundsBefore = try ClusterTests.metricSamples(of: world.daemon)
        try await Self.traffic(world)
        // The one series that moves on a clock, not with calls: the deadline monitor's rounds.
        try await waitUntil("a round of the deadline monitor after the snapshot") {
            ((try? ClusterTests.metricSamples(of: world.daemon)) ?? 0) > roundsBefore
        }

        let after = try await ProcessRunner.run(python, [
            script, "compare", url, snapshot,
            Self.tools.appendingPathComponent("grafana-dashboard.json").path, Self.tools.appendingPathComponent("alerts.yml").path,
        ], in: world.keys)
        #expect(after.status == 0, "\(after.stdout)\(after.stderr)")
        #expect(after.stdout.contains("checks passed"))
        let text = try ClusterTests.metricsText(of: world.daemon)
        for transport in ["grpc", "frames"] {
            #expect(text.contains(#"vneid_rpc_calls_total{transport="\#(transport)",service="vneid.v1.AuthenticationService",method="Authenticate",code="OK"}"#), "\(transport)")
        }
        #expect(text.contains(#"vneid_authentication_decisions_total{service="border-portal",decision="DENY",reason="BAD_SIGNATURE"}"#))
        #expect(text.contains(#"vneid_orders_total{kind="LOCK",outcome="EXECUTED"}"#))
        #expect(text.contains(#"vneid_rpc_calls_total{transport="grpc",service="vneid.v1.AccountService",method="GetAccount",code="PERMISSION_DENIED"}"#))
    }

    @Test("--log-format json writes one JSON object per line with the call's method, principal, account, order, status and duration, and no API key or token")
    func jsonLogs() async throws {
        let world = try await AuthenticationWorld(daemonArguments: ["--log-format", "json", "--log-level", "debug"])
        let tokens = try await Self.traffic(world)
        // Shaped like a key (so it is looked up, not refused for its form), but unknown.
        let bogusKey = String(world.portalKey.dropLast(8)) + "AAAAAAAA"
        await #expect(throws: VNeIDClientError.self) {
            try await world.daemon.withClient(apiKey: bogusKey) { _ = try await $0.whoAmI() }
        }
        let log = world.daemon.stderr
        var entries: [[String: String]] = []
        for line in log.split(separator: "\n") {
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String]
            let entry = try #require(object, "not a JSON object of strings: \(line)")
            #expect(entry["time"]?.hasSuffix("Z") == true && entry["level"] != nil && entry["message"] != nil, "\(line)")
            entries.append(entry)
        }
        let calls = entries.filter { $0["message"] == "rpc ok" || $0["message"] == "rpc failed" }
        let allowed = calls.first { $0["method"] == "vneid.v1.AuthenticationService/Authenticate" && $0["transport"] == "grpc" && $0["account"] == AuthenticationWorld.Accounts.driver }
        #expect(allowed?["principal"] == "portal" && allowed?["code"] == "OK" && allowed?["duration_ms"].flatMap(Double.init) != nil, "\(calls)")
        let order = calls.last { $0["method"] == "vneid.v1.OrderService/LockAccount" }
        #expect(order?["order"]?.hasPrefix("ord_") == true && order?["account"] == AuthenticationWorld.Accounts.loner && order?["principal"] == "registry", "\(calls)")
        #expect(calls.contains { $0["code"] == "UNAUTHENTICATED" && $0["detail"] != nil }, "the refused key's call is logged")
        #expect(calls.contains { $0["code"] == "PERMISSION_DENIED" && $0["principal"] == "portal" })

        var secrets = [try world.daemon.adminKey, world.portalKey, world.taxKey, world.auditorKey, world.registryKey, world.commanderKey, bogusKey]
        secrets += secrets.map { String($0.split(separator: "_").last ?? "") }
        secrets += tokens + tokens.map { String($0.split(separator: ".").last ?? "") }
        for secret in secrets where secret.count >= 16 {
            #expect(!log.contains(secret), "a secret reached the log: \(secret.prefix(12))…")
        }
        #expect(!log.contains("BEGIN PRIVATE KEY") && !log.contains("Bearer "))
        // Standard output is not a terminal here, as under systemd: the bootstrap key is
        // written to its file, not printed where a log would keep it.
        let admin = try world.daemon.adminKey
        #expect(!world.daemon.stdout.contains(admin) && world.daemon.stdout.contains("/admin.key"), "\(world.daemon.stdout)")
    }

    @Test("with --reflection, Python's grpcio-reflection lists the API and calls it without the .proto files; reflection asks for a key; without the flag it is not served")
    func reflection() async throws {
        let python = try InteropTests.python()
        let script = InteropTests.packageRoot.appendingPathComponent("Tests/Interop/reflection_client.py").path
        let daemon = try await TestDaemon(arguments: ["--reflection"])
        let on = try await ProcessRunner.run(python, [script, daemon.address, try daemon.adminKey], in: daemon.directory)
        #expect(on.status == 0, "\(on.stdout)\(on.stderr)")
        #expect(on.stdout.contains("checks passed"))

        let plain = try await TestDaemon()
        let off = try await ProcessRunner.run(python, [script, plain.address, try plain.adminKey, "--expect-off"], in: plain.directory)
        #expect(off.status == 0, "\(off.stdout)\(off.stderr)")
    }

    @Test("decisions past the retention are pruned in the background, newer ones stay, and the pruned rows are counted")
    func retention() async throws {
        let world = try await AuthenticationWorld(daemonArguments: ["--limit", "history-retention-days=30"])
        let driver = AuthenticationWorld.Accounts.driver
        #expect(try await world.authenticate(try world.mint()).decision == .allow)
        // Five decisions made 40 days ago, written behind the daemon's back, numbered
        // before every other.
        let old = (Date().timeIntervalSince1970 - 40 * 86_400) * 1000
        let editor = DatabaseEditor(daemon: world.daemon)
        try await editor.execute((1...5).map { n in
            "INSERT INTO authentication_history (sequence, time_ms, account_id, service, caller_id, decision, reason, token_id, issuer) VALUES (\(-n), \(Int64(old) + Int64(n)), '\(driver)', 'border-portal', 'prn_old', 'allow', NULL, NULL, NULL)"
        })
        let history = { try await world.daemon.withClient(apiKey: world.auditorKey) { try await $0.authenticationHistory(accountID: driver).records } }
        #expect(try await history().count == 6)

        // The pruner's first round runs as the daemon starts.
        try await world.daemon.stop()
        try await world.daemon.restart()
        try await waitUntil("the old decisions are pruned") {
            (try? ClusterTests.metric(#"vneid_history_pruned_rows_total{table="authentication_history"}"#, of: world.daemon)) == 5
        }
        let left = try await history()
        #expect(left.count == 1 && left.first?.outcome == .allowed, "\(left)")
    }

    /// Calls that make every series move: decisions allowed and denied on both
    /// transports, an order, a status read, a refused call. Returns the tokens presented.
    @discardableResult
    static func traffic(_ world: AuthenticationWorld) async throws -> [String] {
        var tokens: [String] = []
        for _ in 0..<3 {
            let token = try world.mint()
            tokens.append(token)
            #expect(try await world.daemon.withClient(apiKey: world.portalKey, transport: .grpc) { try await $0.authenticate(token: token, service: "border-portal") }.decision == .allow)
        }
        let framesToken = try world.mint()
        tokens.append(framesToken)
        #expect(try await world.daemon.withClient(apiKey: world.portalKey, transport: .frames) { try await $0.authenticate(token: framesToken, service: "border-portal") }.decision == .allow)
        let forged = try world.mint(key: try SigningKey.generate(.edDSA, keyID: "ed-1"))
        tokens.append(forged)
        #expect(try await world.authenticate(forged).denyReason == .badSignature)
        _ = try await world.daemon.withClient(apiKey: world.registryKey) {
            try await $0.lockAccount(AuthenticationWorld.Accounts.loner, grounds: OrderGrounds(ground: .deceased, documentReference: "Trích lục khai tử 1/2026"), requestID: "ops-1")
        }
        _ = try await world.daemon.withClient(apiKey: world.portalKey) { try await $0.accountStatus(id: AuthenticationWorld.Accounts.driver) }
        await #expect(throws: VNeIDClientError.self) {
            try await world.daemon.withClient(apiKey: world.portalKey) { _ = try await $0.account(id: AuthenticationWorld.Accounts.driver) }
        }
        return tokens
    }

    static func metricsAddress(of daemon: TestDaemon) throws -> String {
        try String(contentsOfFile: daemon.dataDirectory + "/metrics.address", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
