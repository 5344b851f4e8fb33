/// A store that can say whether it answers, for health checks.
public protocol StoreHealth: Sendable {
    /// Runs the store's cheapest read through the same path every read takes; throws
    /// when the store cannot answer.
    func probe() async throws
}
