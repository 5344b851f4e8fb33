import VNeIDCore

/// An authenticated caller: the principal and the API key it presented.
public struct Caller: Sendable {
    /// Who is calling.
    public var principal: Principal
    /// The key the call carried.
    public var apiKeyID: String

    /// Creates a caller.
    public init(principal: Principal, apiKeyID: String) {
        self.principal = principal
        self.apiKeyID = apiKeyID
    }

    /// The caller as the audit log names it.
    public var auditActor: AuditActor { AuditActor(id: principal.id, name: principal.name) }
}
