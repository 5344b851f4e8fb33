import Foundation
import VNeIDCore

/// Creates the first ADMIN principal of a new database, so an operator can start.
public enum AdminBootstrap {
    /// The name of the principal created at bootstrap.
    public static let principalName = "admin"

    /// When no principal exists, creates `admin` with the ADMIN role and returns its key
    /// (to be shown once); otherwise returns `nil`. Of several daemons starting at once on
    /// one shared database, one creates it and the others find it made.
    public static func ensureAdmin(in store: any PrincipalStore) async throws -> String? {
        guard try await !store.hasPrincipals() else { return nil }
        do {
            let (_, key) = try await APIKeyIssuer.createPrincipal(name: principalName, roles: [.admin], services: [], in: store, at: Date(), by: .system)
            return key.text
        } catch let error as VNeIDError where error.code == .alreadyExists {
            return nil
        }
    }
}
