import ArgumentParser

/// `vneidctl`: the command-line client for officials and operators.
@main
struct VNeIDCtl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vneidctl",
        abstract: "Command-line client of the VNeID Gate daemon (vneidd).",
        discussion: """
            Every command that talks to the daemon takes --server (VNEID_SERVER) and an API \
            key: --api-key-file (VNEID_API_KEY_FILE) or VNEID_API_KEY; --api-key also works \
            but shows the key in the process list. Output is a table for people; --json \
            prints JSON for scripts.

            Exit codes: 0 success; 1 other failure; 2 the daemon rejected the input as \
            invalid; 3 not found; 4 not authenticated or not permitted; 5 conflict (exists \
            already, or not in a state that allows it); 6 daemon unreachable or too slow; \
            7 the token was denied (authenticate); 8 the audit log is broken (audit \
            verify); 64 usage error.
            """,
        subcommands: [
            AuthenticateCommand.self, HistoryCommand.self, AccountsCommand.self, OrdersCommand.self,
            AuthorizationsCommand.self, NoticesCommand.self, WatchCommand.self, AuditCommand.self, ServicesCommand.self,
            PrincipalsCommand.self, TokenCommand.self, WhoAmICommand.self, HealthCommand.self, BackupCommand.self, BenchCommand.self,
        ]
    )
}
