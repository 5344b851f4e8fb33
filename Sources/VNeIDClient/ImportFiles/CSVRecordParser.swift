import VNeIDCore

/// Parses CSV (RFC 4180 quoting, one record per line) with a header row naming the
/// columns: `id`, `display_name`, `assurance_level`, and optionally `kind` and
/// `managing_organization_id`, in any order.
struct CSVRecordParser: RecordParser {
    static let requiredColumns = ["id", "display_name", "assurance_level"]
    static let knownColumns = requiredColumns + ["kind", "managing_organization_id"]

    private let columns: [String: Int]

    /// Reads the header row.
    init(header: ArraySlice<UInt8>) throws(AccountImportFileError) {
        var header = header
        if header.starts(with: [0xEF, 0xBB, 0xBF]) { header = header.dropFirst(3) }  // UTF-8 byte order mark
        let names: [String]
        do { names = try Self.fields(header).map { $0.lowercased() } } catch {
            throw AccountImportFileError("the CSV header row \(error.reason)")
        }
        var columns: [String: Int] = [:]
        for (index, name) in names.enumerated() {
            guard Self.knownColumns.contains(name) else {
                throw AccountImportFileError("the CSV header has unknown column \(OutsideText.quoted(name)); columns are \(Self.knownColumns.joined(separator: ", "))")
            }
            guard columns.updateValue(index, forKey: name) == nil else {
                throw AccountImportFileError("the CSV header names column '\(name)' twice")
            }
        }
        for required in Self.requiredColumns where columns[required] == nil {
            throw AccountImportFileError("the CSV header lacks column '\(required)'; it needs \(Self.requiredColumns.joined(separator: ", "))")
        }
        self.columns = columns
    }

    mutating func parse(_ line: ArraySlice<UInt8>, lineNumber: UInt64) throws(LineError) -> AccountImportRecord {
        let fields = try Self.fields(line)
        guard fields.count == columns.count else {
            throw LineError("has \(fields.count) fields; the header has \(columns.count)")
        }
        func field(_ name: String) -> String { columns[name].map { fields[$0] } ?? "" }
        let organization = field("managing_organization_id")
        return AccountImportRecord(
            line: lineNumber,
            id: field("id"),
            kind: try RecordFields.kind(field("kind")),
            displayName: field("display_name"),
            assuranceLevel: try RecordFields.level(field("assurance_level")),
            managingOrganizationID: organization.isEmpty ? nil : organization
        )
    }

    /// Splits one CSV line into fields; quoted fields may hold commas and doubled quotes.
    static func fields(_ line: ArraySlice<UInt8>) throws(LineError) -> [String] {
        // Checked whole once: the separators are ASCII, which never occurs inside a
        // multi-byte UTF-8 sequence, so every field of a valid line is valid too.
        _ = try RecordFields.text(line)
        var fields: [String] = []
        var field: [UInt8] = []
        var index = line.startIndex
        var quoted = false
        var wasQuoted = false
        while index < line.endIndex {
            let byte = line[index]
            if quoted {
                if byte == UInt8(ascii: "\"") {
                    if line.index(after: index) < line.endIndex, line[line.index(after: index)] == UInt8(ascii: "\"") {
                        field.append(byte)
                        index = line.index(after: index)
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(byte)
                }
            } else if byte == UInt8(ascii: ",") {
                fields.append(finish(field, wasQuoted: wasQuoted))
                field.removeAll(keepingCapacity: true)
                wasQuoted = false
            } else if byte == UInt8(ascii: "\""), field.allSatisfy({ $0 == UInt8(ascii: " ") }) {
                field.removeAll(keepingCapacity: true)
                quoted = true
                wasQuoted = true
            } else {
                field.append(byte)
            }
            index = line.index(after: index)
        }
        guard !quoted else { throw LineError("has a quoted field that is not closed (a record must fit on one line)") }
        fields.append(finish(field, wasQuoted: wasQuoted))
        return fields
    }

    private static func finish(_ bytes: [UInt8], wasQuoted: Bool) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        return wasQuoted ? text : text.trimmingASCIISpaces()
    }
}

extension String {
    fileprivate func trimmingASCIISpaces() -> String {
        guard first == " " || last == " " else { return self }
        return String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
