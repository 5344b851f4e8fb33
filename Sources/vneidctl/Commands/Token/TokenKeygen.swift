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
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let jwksPath = out + "/jwks.json"
        var jwks = JWKSetFile(keys: [])
        if FileManager.default.fileExists(atPath: jwksPath) {
            do { jwks = try JSONDecoder().decode(JWKSetFile.self, from: Data(contentsOf: URL(fileURLWithPath: jwksPath))) } catch {
                throw ValidationError("\(jwksPath) exists but is not a JWK set: \(error)")
            }
        }
        guard !jwks.keys.contains(where: { $0.kid == kid }) else { throw ValidationError("\(jwksPath) already has a key with kid '\(kid)'") }
        let key = try SigningKey.generate(algorithm, keyID: kid)
        let keyPath = out + "/\(kid).key.pem"
        try PrivateFile.create(keyPath, contents: key.pemRepresentation)
        jwks.keys.append(key.publicJWK)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(jwks).write(to: URL(fileURLWithPath: jwksPath), options: .atomic)
        print("wrote \(keyPath) (private, \(algorithm.rawValue)) and added kid '\(kid)' to \(jwksPath)")
    }
}

/// Creating files only their owner can read.
enum PrivateFile {
    /// Creates `path` (it must not exist) with mode 0600 and writes `contents`.
    static func create(_ path: String, contents: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else { throw ValidationError("cannot create \(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        let bytes = Array(contents.utf8)
        guard write(descriptor, bytes, bytes.count) == bytes.count else {
            throw ValidationError("cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }
}
