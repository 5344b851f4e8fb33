import ArgumentParser
import Foundation
import VNeIDTokens

/// `vneidctl token mint --key FILE --iss ISS --sub ID --aud AUD [--ttl 10m] [--loa 2] [--org ID] [--jti ID]`.
struct TokenMint: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mint",
        abstract: "Print a signed token (test and integration work only).",
        discussion: """
            The key is a PEM private key from 'token keygen'; its kid is taken from the file \
            name (KID.key.pem) unless --kid is given, and alg follows from the key type. \
            Claims: iss, sub, aud, iat (now), exp (now + ttl), and loa, org, jti, nbf when given.
            """
    )

    @Option(help: "Private key file (KID.key.pem).")
    var key: String

    @Option(help: "The key id for the header. Default: from the key's file name.")
    var kid: String?

    @Option(help: "Issuer (iss).")
    var iss: String

    @Option(help: "Account id (sub).")
    var sub: String

    @Option(help: "Audience (aud); repeat for several.")
    var aud: [String] = []

    @Option(help: "Lifetime: 90s, 10m, 2h, 1d; negative for an already expired token (--ttl=-5m).")
    var ttl: String = "10m"

    @Option(help: "Not valid before now plus this offset (nbf), such as 5m.")
    var nbf: String?

    @Option(help: "Assurance level of the login (loa): 1 or 2.")
    var loa: Int?

    @Option(help: "Organization the person acts for (org).")
    var org: String?

    @Option(help: "Token id (jti). 'random' makes a fresh one.")
    var jti: String?

    func run() throws {
        print(try mint())
    }

    func mint() throws -> String {
        let signingKey = try Self.loadKey(path: key, keyID: kid)
        let now = Date()
        let claims = TokenClaims(
            issuer: iss, subject: sub, audiences: aud, issuedAt: now,
            expiresAt: now.addingTimeInterval(try Self.seconds(ttl, option: "--ttl")),
            notBefore: try nbf.map { now.addingTimeInterval(try Self.seconds($0, option: "--nbf")) },
            assuranceLevel: loa, organizationID: org,
            tokenID: jti == "random" ? UUID().uuidString.lowercased() : jti
        )
        return try TokenMinter.mint(claims, key: signingKey)
    }

    /// Reads a PEM private key; its kid defaults to the file name before `.key.pem`.
    static func loadKey(path: String, keyID: String?) throws -> SigningKey {
        guard let pem = try? String(contentsOfFile: path, encoding: .utf8) else { throw ValidationError("cannot read key file \(path)") }
        let name = URL(fileURLWithPath: path).lastPathComponent
        let derived = name.hasSuffix(".key.pem") ? String(name.dropLast(".key.pem".count)) : name
        do { return try SigningKey(pemRepresentation: pem, keyID: keyID ?? derived) } catch {
            throw ValidationError("\(path): \(error)")
        }
    }

    /// Seconds in `90`, `90s`, `10m`, `2h` or `1d`, possibly negative.
    static func seconds(_ text: String, option: String) throws -> TimeInterval {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86400]
        var number = Substring(text)
        var unit = 1.0
        if let last = text.last, let multiplier = units[last] {
            number = number.dropLast()
            unit = multiplier
        }
        guard let value = Double(number) else { throw ValidationError("\(option) '\(text)' is not a duration such as 90s, 10m, 2h or 1d") }
        return value * unit
    }
}
