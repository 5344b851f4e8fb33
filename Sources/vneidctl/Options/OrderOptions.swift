import ArgumentParser
import Foundation
import VNeIDClient

/// The legal basis of an order, as flags.
struct GroundsOptions: ParsableArguments {
    @Option(help: "The legal ground, for example terms-violation, security-risk, managing-organization-request.")
    var ground: String

    @Option(help: "The case, in words (required for third-party requests, security risks, resolved risks and Police unlocks).")
    var text = ""

    @Option(help: "The number of the document the order rests on (request letter, Appendix 1/3 form, Police decision).")
    var document = ""

    @Option(name: .customLong("document-date"), help: "The document's date, YYYY-MM-DD.")
    var documentDate: String?

    @Option(help: "For managing-organization-request: the id of the managing agency or enterprise that asked (Appendix 1 or 3).")
    var organization: String?

    func grounds() throws -> OrderGrounds {
        let parsed: OrderGround
        do { parsed = try OrderGround(parsing: ground) } catch { throw ValidationError(error.message) }
        var grounds = try Self.grounds(parsed, text: text, document: document, documentDate: documentDate)
        if let organization {
            do { grounds.organizationID = try AccountID(validating: organization) } catch { throw ValidationError("--organization: \(error.message)") }
        }
        return grounds
    }

    /// Grounds from their parts, checking the date's form.
    static func grounds(_ ground: OrderGround, text: String, document: String, documentDate: String?) throws -> OrderGrounds {
        var date: LocalDate?
        if let documentDate {
            guard let valid = LocalDate(iso: documentDate) else { throw ValidationError("--document-date '\(documentDate)' is not a YYYY-MM-DD date") }
            date = valid
        }
        return OrderGrounds(ground: ground, text: text, documentReference: document, documentDate: date)
    }
}

/// The idempotency key of an order command.
struct RequestIDOption: ParsableArguments {
    @Option(name: .customLong("request-id"), help: "Your id for this request; rerun with the same id to retry safely. Default: a new random id.")
    var requestID: String?

    var resolved: String { requestID ?? UUID().uuidString.lowercased() }
}

/// Parses `YYYY-MM-DD` (midnight in Vietnam) or an ISO 8601 instant.
enum InstantArgument {
    static func parse(_ text: String, _ flag: String) throws -> Date {
        if let day = LocalDate(iso: text) { return Date(timeIntervalSince1970: day.startInstant) }
        if let instant = try? Date(text, strategy: .iso8601) { return instant }
        throw ValidationError("\(flag) '\(text)' is neither a YYYY-MM-DD date nor an ISO 8601 time such as 2026-11-22T08:00:00Z")
    }
}
