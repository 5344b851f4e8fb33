import ArgumentParser

/// `vneidctl token ...`: signing keys and tokens for tests and integration work.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Make signing keys and sign tokens, for test and integration work only.",
        discussion: """
            Production VNeID tokens are issued by the national identity provider. These \
            commands exist so that relying services, tests and benchmarks can make tokens \
            of their own from a test issuer that a daemon trusts (vneidd --trust ISSUER=DIR/jwks.json).
            """,
        subcommands: [TokenKeygen.self, TokenMint.self]
    )
}
