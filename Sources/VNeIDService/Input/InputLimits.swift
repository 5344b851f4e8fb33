import SwiftProtobuf
import VNeIDCore
import VNeIDProto

/// Limits on the strings of every request, checked once for every message a caller sends,
/// on every transport, before any handler sees it.
///
/// Each string is stored exactly as received or refused with `INVALID_ARGUMENT` naming the
/// field: too long, or holding a character `OutsideText` refuses. Tokens and account
/// imports are left to their own validation (the token verifier; the import's per-line
/// check, with the same character rule), so that a bad token is a recorded DENY decision
/// and a bad import line is reported with its number and can be skipped.
public struct InputLimits: Sendable, Equatable {
    /// The longest identifier, name, page token or other short string, in UTF-8 bytes.
    public var maximumStringBytes: Int
    /// The longest free text (an order's grounds, a note, a reason), in UTF-8 bytes.
    public var maximumTextBytes: Int

    /// Fields that hold free text: they may be longer and hold line breaks and tabs.
    static let freeTextFields: Set<String> = ["text", "note", "reason"]

    /// Creates limits; the defaults fit every legitimate request with room to spare.
    public init(maximumStringBytes: Int = 1_024, maximumTextBytes: Int = 4_096) {
        self.maximumStringBytes = maximumStringBytes
        self.maximumTextBytes = maximumTextBytes
    }

    /// Checks every string field of `message`, nested messages included.
    public func check(_ message: any SwiftProtobuf.Message) throws(VNeIDError) {
        guard !(message is Vneid_V1_ImportAccountsRequest) else { return }
        var inspector = StringFieldInspector(limits: self, path: "", messageType: type(of: message))
        do {
            try message.traverse(visitor: &inspector)
        } catch let error as VNeIDError {
            throw error
        } catch {
            throw .invalidArgument("the request could not be inspected: \(error)")
        }
    }

    /// Checks one string field's value. A `token` is left to the token verifier: whatever
    /// is wrong with it (its length included) is a DENY decision, recorded in the history.
    func check(_ value: String, field: String, path: String) throws(VNeIDError) {
        guard field != "token" else { return }
        let isFreeText = Self.freeTextFields.contains(field)
        let limit = isFreeText ? maximumTextBytes : maximumStringBytes
        let length = value.utf8.count
        guard length <= limit else {
            throw .invalidArgument("\(path) is \(length) bytes long; at most \(limit) are accepted")
        }
        if let problem = OutsideText.problem(in: value, allowingLineBreaks: isFreeText) {
            throw .invalidArgument("\(path) \(problem)")
        }
    }
}
