import Foundation

/// A problem with a key file or a key directory, naming the file.
public struct KeyFileError: Error, CustomStringConvertible {
    /// What is wrong.
    public let description: String
    init(_ description: String) { self.description = description }
}

/// A directory of signing keys for a test or development issuer: each private key in
/// `KID.key.pem` (PKCS#8 PEM, readable only by its owner) and the public keys in
/// `jwks.json`, the file `vneidd --trust ISSUER=DIR/jwks.json` names.
public struct SigningKeyDirectory: Sendable {
    /// The directory.
    public let path: String

    /// A key directory at `path` (created when the first key is).
    public init(path: String) {
        self.path = path
    }

    /// The JWK Set of the directory's public keys.
    public var jwksPath: String { path + "/jwks.json" }

    /// Where the private key `keyID` is kept.
    public func keyPath(for keyID: String) -> String { path + "/\(keyID).key.pem" }

    /// Makes a key, writes its private half to a new file only its owner can read, and adds
    /// its public half to `jwks.json`, which is replaced atomically so that a daemon watching
    /// it reads a whole file. Adding a second key is how an issuer rotates.
    @discardableResult
    public func createKey(_ algorithm: JWSAlgorithm, keyID: String) throws -> SigningKey {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        var jwks = JWKSetFile(keys: [])
        if FileManager.default.fileExists(atPath: jwksPath) {
            do { jwks = try JSONDecoder().decode(JWKSetFile.self, from: Data(contentsOf: URL(fileURLWithPath: jwksPath))) } catch {
                throw KeyFileError("\(jwksPath) exists but is not a JWK set: \(error)")
            }
        }
        guard !jwks.keys.contains(where: { $0.kid == keyID }) else {
            throw KeyFileError("\(jwksPath) already has a key with kid '\(keyID)'")
        }
        let key = try SigningKey.generate(algorithm, keyID: keyID)
        try Self.createPrivateFile(keyPath(for: keyID), contents: key.pemRepresentation)
        jwks.keys.append(key.publicJWK)
        try jwks.write(toFile: jwksPath)
        return key
    }

    /// Creates `path`, which must not exist, with mode 0600 from the start, and writes
    /// `contents` to it durably.
    private static func createPrivateFile(_ path: String, contents: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else { throw KeyFileError("cannot create \(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        let bytes = Array(contents.utf8)
        guard write(descriptor, bytes, bytes.count) == bytes.count, fsync(descriptor) == 0 else {
            throw KeyFileError("cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }
}

extension JWKSetFile {
    /// Writes the set as indented JSON, replacing `path` atomically.
    public func write(toFile path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(self).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
