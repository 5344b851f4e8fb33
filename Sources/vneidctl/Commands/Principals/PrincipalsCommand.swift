import ArgumentParser

/// `vneidctl principals ...`: the callers of the API and their keys (ADMIN).
struct PrincipalsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "principals",
        abstract: "Create, list and revoke principals (API callers) and their API keys.",
        subcommands: [
            CreatePrincipal.self, ListPrincipals.self, ShowPrincipal.self, RevokePrincipal.self,
            IssueAPIKey.self, RevokeAPIKey.self,
        ]
    )
}
