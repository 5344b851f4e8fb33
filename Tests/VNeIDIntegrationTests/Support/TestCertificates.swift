import Crypto
import Foundation
import SwiftASN1
import X509

/// A throw-away CA with a server certificate for `localhost` and a client certificate,
/// written as PEM files into a directory.
struct TestCertificates {
    let caPath: String
    let serverCertificatePath: String
    let serverKeyPath: String
    let clientCertificatePath: String
    let clientKeyPath: String

    /// A second, unrelated CA, for certificates the daemon must not trust.
    let strangerCertificatePath: String
    let strangerKeyPath: String

    init(in directory: String) throws {
        let ca = try Authority(name: "VNeID Gate test CA")
        let stranger = try Authority(name: "Somebody else's CA")
        caPath = try Self.write(ca.certificate.serializeAsPEM().pemString, to: directory + "/ca.pem")
        let server = try ca.issue(commonName: "localhost", usage: .serverAuth)
        serverCertificatePath = try Self.write(server.certificate.serializeAsPEM().pemString, to: directory + "/server.pem")
        serverKeyPath = try Self.write(server.key.pemRepresentation, to: directory + "/server.key")
        let client = try ca.issue(commonName: "checkpoint-terminal-1", usage: .clientAuth)
        clientCertificatePath = try Self.write(client.certificate.serializeAsPEM().pemString, to: directory + "/client.pem")
        clientKeyPath = try Self.write(client.key.pemRepresentation, to: directory + "/client.key")
        let strangerClient = try stranger.issue(commonName: "intruder", usage: .clientAuth)
        strangerCertificatePath = try Self.write(strangerClient.certificate.serializeAsPEM().pemString, to: directory + "/stranger.pem")
        strangerKeyPath = try Self.write(strangerClient.key.pemRepresentation, to: directory + "/stranger.key")
    }

    private static func write(_ text: String, to path: String) throws -> String {
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private struct Authority {
        let key = P256.Signing.PrivateKey()
        let name: DistinguishedName
        let certificate: Certificate

        init(name commonName: String) throws {
            name = try DistinguishedName { CommonName(commonName) }
            let now = Date()
            certificate = try Certificate(
                version: .v3,
                serialNumber: Certificate.SerialNumber(),
                publicKey: Certificate.PublicKey(key.publicKey),
                notValidBefore: now.addingTimeInterval(-3600),
                notValidAfter: now.addingTimeInterval(86400),
                issuer: name,
                subject: name,
                signatureAlgorithm: .ecdsaWithSHA256,
                extensions: try Certificate.Extensions {
                    Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
                    Critical(KeyUsage(digitalSignature: true, keyCertSign: true))
                },
                issuerPrivateKey: Certificate.PrivateKey(key)
            )
        }

        func issue(commonName: String, usage: ExtendedKeyUsage.Usage) throws -> (certificate: Certificate, key: P256.Signing.PrivateKey) {
            let leafKey = P256.Signing.PrivateKey()
            let now = Date()
            let certificate = try Certificate(
                version: .v3,
                serialNumber: Certificate.SerialNumber(),
                publicKey: Certificate.PublicKey(leafKey.publicKey),
                notValidBefore: now.addingTimeInterval(-3600),
                notValidAfter: now.addingTimeInterval(86400),
                issuer: name,
                subject: try DistinguishedName { CommonName(commonName) },
                signatureAlgorithm: .ecdsaWithSHA256,
                extensions: try Certificate.Extensions {
                    Critical(BasicConstraints.notCertificateAuthority)
                    Critical(KeyUsage(digitalSignature: true))
                    try ExtendedKeyUsage([usage])
                    SubjectAlternativeNames([.dnsName(commonName)])
                },
                issuerPrivateKey: Certificate.PrivateKey(key)
            )
            return (certificate, leafKey)
        }
    }
}
