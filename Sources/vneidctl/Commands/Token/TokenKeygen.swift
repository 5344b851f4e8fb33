import ArgumentParser
import Foundation
import VNeIDTokens

/// `vneidctl token keygen --alg EdDSA --kid K --out DIR`.
struct TokenKeygen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Create a signing key (test and integration work only) and add its public key to DIR/jwks.json.",
        discussion: """
            Writes DIR/KID.key.pem, the private key in PKCS#8 PEM, readable only by you, and \
            adds the public key to the JWK Set DIR/jwks.json (created if missing; replaced \
            atomically, so a daemon watching it reloads a whole file). Run it again with \
            another --kid to rotate: both keys are then trusted until you remove the old one.
            """
    )

    @Option(help: "EdDSA (Ed25519), ES256 (P-256) or RS256 (RSA 2048).")
    var alg: String = "EdDSA"

    @Option(help: "The key id tokens will name in their kid header.")
    var kid: String

    @Option(help: "Directory for the key and the JWKS.")
    var out: String

    func run() throws {
        guard let algorithm = JWSAlgorithm(rawValue: alg) else {
            throw ValidationError("--alg must be one of \(JWSAlgorithm.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard !kid.isEmpty, kid.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
            throw ValidationError("--kid must be letters, digits, '-', '_' or '.'")
        }
        let directory = SigningKeyDirectory(path: out)
        do { try directory.createKey(algorithm, keyID: kid) } catch let error as KeyFileError {
            throw ValidationError(error.description)
        }
        print("wrote \(directory.keyPath(for: kid)) (private, \(algorithm.rawValue)) and added kid '\(kid)' to \(directory.jwksPath)")
    }
}
