import ArgumentParser
import Foundation
import VNeIDClient

/// `vneidctl audit verify|head|list`.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Verify and read the hash-chained audit log (AUDITOR or ADMIN).",
        subcommands: [VerifyAudit.self, AuditHeadCommand.self, ListAudit.self]
    )
}

/// `vneidctl audit verify`: exit 0 when the chain and its records are intact, 8 when not.
struct VerifyAudit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the whole audit chain and the records bound to it. Exits 8 when anything does not verify.",
        discussion: """
            Names the first broken entry, then every order, notice, authorization, principal, service or \
            account status whose rows no longer match the entry that last recorded them, is missing, or was \
            added outside the chain.

            With --against FILE (a head saved by 'vneidctl audit head', or a line of the daemon's \
            audit-heads.jsonl), also prove the chain still holds the entry that head signed: a cut tail or \
            a chain re-hashed after an edit exits 8 too.
            """
    )

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "A signed head saved earlier, to check the chain against.")
    var against: String?

    func run() async throws {
        try await reportingFailures {
            let head = try against.map(SignedHeadFile.read)
            let result = try await connection.withClient { try await $0.verifyAuditLog(against: head) }
            if output.json {
                struct Problem: Encodable { var kind: String; var id: String; var boundBySequence: UInt64?; var problem: String }
                struct View: Encodable {
                    var intact: Bool; var verifiedEntries: UInt64; var firstBrokenSequence: UInt64?; var problem: String?
                    var headSequence: UInt64; var headHash: String; var againstHolds: Bool?; var againstProblem: String?
                    var recordsChecked: UInt64; var recordProblems: [Problem]; var recordProblemCount: UInt64
                }
                try Printer.json(View(
                    intact: result.intact, verifiedEntries: result.verifiedEntries, firstBrokenSequence: result.firstBroken?.sequence,
                    problem: result.firstBroken?.problem, headSequence: result.headSequence, headHash: result.headHash,
                    againstHolds: result.againstHolds, againstProblem: result.againstProblem,
                    recordsChecked: result.recordsChecked,
                    recordProblems: result.recordProblems.map { Problem(kind: $0.kind, id: $0.id, boundBySequence: $0.boundBySequence, problem: $0.problem) },
                    recordProblemCount: result.recordProblemCount
                ))
            } else {
                if let broken = result.firstBroken {
                    Printer.text("BROKEN at entry \(broken.sequence): \(broken.problem)\n\(result.verifiedEntries) entries before it verify (last good hash \(result.headHash)).\n")
                } else {
                    Printer.text("chain intact: \(result.verifiedEntries) entries verify; head is entry \(result.headSequence), hash \(result.headHash)\n")
                }
                if result.recordProblems.isEmpty {
                    Printer.text("records intact: \(result.recordsChecked) records match the entries that recorded them\n")
                } else {
                    Printer.text("RECORDS DO NOT MATCH THE CHAIN: \(result.recordProblemCount) of \(result.recordsChecked) checked\n")
                    var table = TextTable("KIND", "ID", "RECORDED BY", "PROBLEM")
                    for problem in result.recordProblems {
                        table.add(problem.kind, problem.id, problem.boundBySequence.map { "entry \($0)" } ?? "-", problem.problem)
                    }
                    Printer.text(table.rendered)
                    if result.recordProblemCount > UInt64(result.recordProblems.count) {
                        Printer.text("… and \(result.recordProblemCount - UInt64(result.recordProblems.count)) more\n")
                    }
                }
                if let head, result.againstHolds == true {
                    Printer.text("the saved head holds: entry \(head.sequence) still has the hash signed \(Printer.date(head.signedAt)) by key \(head.keyID)\n")
                } else if let problem = result.againstProblem {
                    Printer.text("SAVED HEAD DOES NOT HOLD: \(problem)\n")
                }
            }
            if let broken = result.firstBroken { throw CommandFailure(message: "the audit log is broken at entry \(broken.sequence)", exitCode: ExitCode(8)) }
            if let first = result.recordProblems.first {
                throw CommandFailure(message: "\(result.recordProblemCount) record(s) do not match the audit chain, first \(first.kind) \(first.id)", exitCode: ExitCode(8))
            }
            if result.againstHolds == false { throw CommandFailure(message: "the audit log no longer holds the saved head", exitCode: ExitCode(8)) }
        }
    }
}

/// `vneidctl audit list [--account A] [--principal P] [--kind K] [--from T] [--until T]`.
struct ListAudit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List audit entries in order, filtered by account, principal, kind and time."
    )

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "Only entries about this account.")
    var account: String?

    @Option(help: "Only entries by or about this principal (name or id).")
    var principal: String?

    @Option(name: .customLong("kind"), help: "Only this kind (ORDER_EXECUTED, PRINCIPAL_CREATED…); repeat for several.")
    var kinds: [String] = []

    @Option(help: "From this time (YYYY-MM-DD or ISO 8601).")
    var from: String?

    @Option(help: "Until this time, exclusive.")
    var until: String?

    @Option(help: "Only entries after this sequence number.")
    var after: UInt64 = 0

    @Option(help: "Entries per page (1 to 1000).")
    var limit = 100

    func run() async throws {
        let filter = AuditFilter(
            accountID: account, principal: principal, kinds: kinds,
            from: try from.map { try InstantArgument.parse($0, "--from") },
            until: try until.map { try InstantArgument.parse($0, "--until") }, afterSequence: after
        )
        try await reportingFailures {
            let page = try await connection.withClient { [limit] in try await $0.auditEntries(filter, pageSize: limit) }
            if output.json {
                struct Page: Encodable { var entries: [AuditEntryView]; var nextAfterSequence: UInt64? }
                try Printer.json(Page(entries: page.entries.map(AuditEntryView.init), nextAfterSequence: page.nextAfterSequence))
                return
            }
            var table = TextTable("#", "TIME", "KIND", "BY", "ACCOUNT", "ORDER", "DETAIL")
            for entry in page.entries.map(AuditEntryView.init) {
                table.add("\(entry.sequence)", Printer.date(entry.at), entry.kind, entry.actorName, entry.accountID ?? "-", entry.orderID ?? "-", entry.detail)
            }
            Printer.text(table.rendered)
            if let next = page.nextAfterSequence { Printer.text("more: add --after \(next)\n") }
        }
    }
}
