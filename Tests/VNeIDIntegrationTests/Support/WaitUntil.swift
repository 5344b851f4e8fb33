import VNeIDTestSupport

/// Waits until `condition` holds, checking it every 20 ms, and fails the test naming `what`
/// if it does not hold within `limit`. For what another process does (a file it writes),
/// which the test cannot be told of; the limit is a bound on a hang, not a timing.
func waitUntil(_ what: String, within limit: Duration = .seconds(30), _ condition: () -> Bool) async throws {
    let deadline = ContinuousClock.now + limit
    while !condition() {
        guard ContinuousClock.now < deadline else { throw TestFailure("waited \(limit) for \(what)") }
        try await Task.sleep(for: .milliseconds(20))
    }
}
