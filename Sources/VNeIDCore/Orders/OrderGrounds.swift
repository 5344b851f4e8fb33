import struct Foundation.Date

/// What an order rests on: the legal ground, an explanation, and the document it cites.
public struct OrderGrounds: Sendable, Hashable {
    /// The legal ground.
    public var ground: OrderGround
    /// Free text explaining the case. May be empty where the ground says it all.
    public var text: String
    /// The reference (number) of the document the order rests on: the request letter, the
    /// Appendix 1 or 3 form, the Police decision. May be empty for automatic locks.
    public var documentReference: String
    /// The date of that document, when there is one.
    public var documentDate: LocalDate?
    /// For `managingOrganizationRequest`: the managing agency or enterprise that asked.
    public var organizationID: AccountID?

    /// The longest free text accepted, in characters.
    public static let maximumTextLength = 2000
    /// The longest document reference accepted, in characters.
    public static let maximumReferenceLength = 200

    /// Creates grounds; `validated()` checks them.
    public init(
        ground: OrderGround, text: String = "", documentReference: String = "", documentDate: LocalDate? = nil,
        organizationID: AccountID? = nil
    ) {
        self.ground = ground
        self.text = text
        self.documentReference = documentReference
        self.documentDate = documentDate
        self.organizationID = organizationID
    }

    /// Checks the lengths and characters of the text fields, trimming surrounding space.
    public func validated() throws(VNeIDError) -> OrderGrounds {
        var grounds = self
        grounds.text = text.trimmingSpace
        grounds.documentReference = documentReference.trimmingSpace
        guard grounds.text.count <= Self.maximumTextLength else {
            throw .invalidArgument("grounds text has \(grounds.text.count) characters; at most \(Self.maximumTextLength) are allowed")
        }
        guard grounds.documentReference.count <= Self.maximumReferenceLength else {
            throw .invalidArgument("document reference has \(grounds.documentReference.count) characters; at most \(Self.maximumReferenceLength) are allowed")
        }
        guard !grounds.documentReference.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw .invalidArgument("document reference contains control characters")
        }
        return grounds
    }

    /// Requires a cited document, numbered and dated, naming the form (for example
    /// "Appendix 1") in the message.
    func requireDocument(_ form: String) throws(VNeIDError) {
        guard !documentReference.isEmpty, documentDate != nil else {
            throw .invalidArgument("ground \(ground.rawValue) rests on the \(form) request: give its number (document_reference) and date (document_date)")
        }
    }

    /// Requires the number of the record that establishes the fact (`what`).
    func requireReference(_ what: String) throws(VNeIDError) {
        guard !documentReference.isEmpty else {
            throw .invalidArgument("ground \(ground.rawValue) rests on \(what): give its number (document_reference)")
        }
    }

    /// Requires an explanation.
    func requireText(_ what: String) throws(VNeIDError) {
        guard !text.isEmpty else {
            throw .invalidArgument("ground \(ground.rawValue) needs \(what) in the grounds text")
        }
    }
}

extension String {
    /// The string without leading and trailing white space.
    var trimmingSpace: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
