import ArgumentParser

/// `vneidctl accounts ...`: the account registry.
struct AccountsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accounts",
        abstract: "Import accounts and look up accounts and their status.",
        subcommands: [ImportAccounts.self, GetAccount.self, AccountStatusCommand.self]
    )
}
