import Foundation
import VNeIDTestSupport
import Testing
import VNeIDClient

@Suite("TLS and mutual TLS")
struct TLSTests {
    @Test("with a certificate the daemon serves TLS only")
    func tls() async throws {
        let directory = try TemporaryDirectory()
        let certificates = try TestCertificates(in: directory.path)
        let daemon = try await TestDaemon(directory: directory, arguments: [
            "--tls-cert", certificates.serverCertificatePath, "--tls-key", certificates.serverKeyPath,
        ])
        let key = try daemon.adminKey
        let trusted = VNeIDClientConfiguration.TLS(trustedCAPath: certificates.caPath)
        let me = try await VNeIDClient.withConnection(try daemon.configuration(apiKey: key, tls: trusted, host: "localhost")) { try await $0.whoAmI() }
        #expect(me.name == "admin")

        var plaintext = try daemon.configuration(apiKey: key)
        plaintext.timeout = .seconds(5)
        let refused = await #expect(throws: VNeIDClientError.self) { try await VNeIDClient.withConnection(plaintext) { try await $0.whoAmI() } }
        #expect(refused?.code == .unavailable || refused?.code == .deadlineExceeded)

        var untrusting = try daemon.configuration(apiKey: key, tls: .init(trustedCAPath: certificates.strangerCertificatePath), host: "localhost")
        untrusting.timeout = .seconds(5)
        await #expect(throws: VNeIDClientError.self) { try await VNeIDClient.withConnection(untrusting) { try await $0.whoAmI() } }

        let port = daemon.address.split(separator: ":").last!
        let cli = try await daemon.cli(["whoami", "--server", "localhost:\(port)", "--tls-ca", certificates.caPath], apiKey: key)
        #expect(cli.status == 0, "\(cli.stderr)")
    }

    @Test("with a client CA the daemon requires a client certificate that CA signed")
    func mutualTLS() async throws {
        let directory = try TemporaryDirectory()
        let certificates = try TestCertificates(in: directory.path)
        let daemon = try await TestDaemon(directory: directory, arguments: [
            "--tls-cert", certificates.serverCertificatePath, "--tls-key", certificates.serverKeyPath,
            "--tls-client-ca", certificates.caPath,
        ])
        let key = try daemon.adminKey
        let withCertificate = VNeIDClientConfiguration.TLS(
            trustedCAPath: certificates.caPath,
            clientCertificatePath: certificates.clientCertificatePath, clientKeyPath: certificates.clientKeyPath
        )
        #expect(try await VNeIDClient.withConnection(try daemon.configuration(apiKey: key, tls: withCertificate, host: "localhost")) { try await $0.whoAmI() }.name == "admin")

        var withoutCertificate = try daemon.configuration(apiKey: key, tls: .init(trustedCAPath: certificates.caPath), host: "localhost")
        withoutCertificate.timeout = .seconds(5)
        await #expect(throws: VNeIDClientError.self) { try await VNeIDClient.withConnection(withoutCertificate) { try await $0.whoAmI() } }

        var strangerCertificate = try daemon.configuration(apiKey: key, tls: .init(
            trustedCAPath: certificates.caPath,
            clientCertificatePath: certificates.strangerCertificatePath, clientKeyPath: certificates.strangerKeyPath
        ), host: "localhost")
        strangerCertificate.timeout = .seconds(5)
        await #expect(throws: VNeIDClientError.self) { try await VNeIDClient.withConnection(strangerCertificate) { try await $0.whoAmI() } }

        let port = daemon.address.split(separator: ":").last!
        let cli = try await daemon.cli([
            "whoami", "--server", "localhost:\(port)", "--tls-ca", certificates.caPath,
            "--tls-cert", certificates.clientCertificatePath, "--tls-key", certificates.clientKeyPath,
        ], apiKey: key)
        #expect(cli.status == 0, "\(cli.stderr)")
    }
}
