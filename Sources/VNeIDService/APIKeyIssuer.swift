import Crypto
import Foundation
import VNeIDCore

/// Makes new API keys: 64 random bits of public id and 256 random bits of secret, of which
/// only the SHA-256 hash is kept.
public enum APIKeyIssuer {
    /// A newly made key: the text to hand to its owner once, and what to store.
    public struct IssuedKey: Sendable {
        /// The whole key, shown once.
        public var text: String
        /// What the store keeps.
        public var credential: APIKeyCredential
    }

    /// Makes a key for `principalID`.
    public static func issue(for principalID: String, at now: Date) -> IssuedKey {
        var generator = SystemRandomNumberGenerator()
        let id = RandomIdentifier.hex(generator.next())
        let secretBytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let secret = Data(secretBytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        let text = APIKeyText(id: id, secret: secret).text
        let credential = APIKeyCredential(
            info: APIKeyInfo(id: id, createdAt: now),
            principalID: principalID,
            secretHash: Array(SHA256.hash(data: Data(secret.utf8)))
        )
        return IssuedKey(text: text, credential: credential)
    }

    /// Stores a new principal with a new first key, and returns both; the key's text is
    /// shown to its owner once and never kept. Validation of the name, roles and bindings
    /// is the caller's.
    public static func createPrincipal(
        name: String, roles: Set<Role>, services: [ServiceName],
        requesterType: RequesterType? = nil, stationID: StationID? = nil, policeUnit: PoliceUnitID? = nil,
        in store: any PrincipalStore, at now: Date, by actor: AuditActor
    ) async throws -> (principal: Principal, key: IssuedKey) {
        let principalID = newPrincipalID()
        let key = issue(for: principalID, at: now)
        let principal = Principal(
            id: principalID, name: name, roles: roles, services: services,
            createdAt: now, apiKeys: [key.credential.info], requesterType: requesterType, stationID: stationID,
            policeUnit: policeUnit
        )
        try await store.insertPrincipal(principal, firstKey: key.credential, by: actor)
        return (principal, key)
    }

    /// A new principal id: `prn_` and 16 random hex digits.
    public static func newPrincipalID() -> String {
        RandomIdentifier.make("prn_")
    }
}
