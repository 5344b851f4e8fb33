/// Storage of the services registry.
///
/// Guarantees beyond those of `VNeIDStore`: every change appends its audit entry, as done
/// by `actor`, in its own transaction; `service(named:)` is on the hot path of
/// `Authenticate` and may be served from memory, but never from before the last change
/// made through this daemon, nor older than the store's propagation bound for a change
/// made through another (see `VNeIDStore`).
public protocol ServiceStore: Sendable {
    /// Registers a service; `alreadyExists` if the name is taken.
    func addService(_ service: RegisteredService, by actor: AuditActor) async throws

    /// Replaces a registered service's settings; `notFound` if it is not registered.
    func updateService(_ service: RegisteredService, by actor: AuditActor) async throws

    /// Removes a service; `notFound` if it is not registered, `failedPrecondition` while
    /// active principals are bound to it.
    func removeService(named name: ServiceName, by actor: AuditActor) async throws

    /// The service named `name`, or `nil`.
    func service(named name: ServiceName) async throws -> RegisteredService?

    /// Every registered service, by name.
    func services() async throws -> [RegisteredService]
}
