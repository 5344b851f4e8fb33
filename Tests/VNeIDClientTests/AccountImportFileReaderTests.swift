import Foundation
import Testing
import VNeIDClient
import VNeIDCore
import VNeIDTestSupport

@Suite("Account import files")
struct AccountImportFileReaderTests {
    private func items(_ text: String, _ format: AccountImportFileFormat = .csv) throws -> [AccountImportFileReader.Item] {
        try items(Array(text.utf8), format)
    }

    private func items(_ bytes: [UInt8], _ format: AccountImportFileFormat = .csv) throws -> [AccountImportFileReader.Item] {
        var reader = try AccountImportFileReader(contents: bytes, format: format)
        var items: [AccountImportFileReader.Item] = []
        while let item = try reader.next() { items.append(item) }
        return items
    }

    private func problems(_ items: [AccountImportFileReader.Item]) -> [AccountImportLineProblem] {
        items.compactMap { if case .problem(let problem) = $0 { problem } else { nil } }
    }

    @Test("a CSV file with a byte order mark, CRLF line ends, quoted commas and blank lines gives its records with their line numbers")
    func csvRecords() throws {
        let read = try items("\u{FEFF}ID,display_name,assurance_level,kind\r\n\r\n001099012345,\"Trần, \"\"Bình\"\"\",2,citizen\r\n   \r\n0101234567,Công ty,1,\r\n")
        #expect(read == [
            .record(AccountImportRecord(line: 3, id: "001099012345", kind: .citizen, displayName: "Trần, \"Bình\"", assuranceLevel: 2, managingOrganizationID: nil)),
            .record(AccountImportRecord(line: 5, id: "0101234567", kind: nil, displayName: "Công ty", assuranceLevel: 1, managingOrganizationID: nil)),
        ])
    }

    @Test("bad CSV lines are problems naming the line, and the lines after them are still read")
    func csvProblems() throws {
        let read = try items("id,display_name,assurance_level\n001099012345,An\n001099012346,\"open,2\n001099012347,An,two\n001099012348,An,2\n")
        #expect(problems(read).map(\.line) == [2, 3, 4])
        #expect(problems(read)[0].reason == "has 2 fields; the header has 3")
        #expect(problems(read)[1].reason.contains("quoted field that is not closed"))
        #expect(problems(read)[2].reason.contains("assurance_level 'two' is not a number"))
        #expect(read.count == 4)
    }

    @Test("a line that is not UTF-8 is a problem, never repaired into replacement characters", arguments: [
        AccountImportFileFormat.csv, .jsonLines,
    ])
    func notUTF8(_ format: AccountImportFileFormat) throws {
        let header = format == .csv ? Array("id,display_name,assurance_level\n".utf8) : []
        let line = format == .csv
            ? Array("001099012345,".utf8) + [0xFF, 0xFE] + Array(",2\n".utf8)
            : Array("{\"id\":\"001099012345\",\"display_name\":\"".utf8) + [0xC3] + Array("\",\"assurance_level\":2}\n".utf8)
        let read = try items(header + line, format)
        #expect(read.count == 1)
        #expect(problems(read).first?.line == (format == .csv ? 2 : 1))
    }

    @Test("a CSV header naming a column twice is an error for the whole file, not a crash on the first record (found by fuzzing)")
    func csvDuplicateColumn() {
        let error = #expect(throws: AccountImportFileError.self) {
            try items("id,display_name,assurance_level,assurance_level\n001099012345,An,2\n")
        }
        #expect(error?.description == "the CSV header names column 'assurance_level' twice")
    }

    @Test("a CSV header with an unknown or a missing column is an error for the whole file")
    func csvHeader() {
        #expect(throws: AccountImportFileError.self) { try items("id,name,assurance_level\n") }
        #expect(throws: AccountImportFileError.self) { try items("id,display_name\n") }
        #expect(throws: AccountImportFileError.self) { try items("\n  \n") }
    }

    @Test("a line longer than the limit ends the read with an error naming it, instead of holding the file in memory")
    func longLine() throws {
        let long = String(repeating: "x", count: AccountImportFileReader.maximumLineBytes + 1)
        let error = #expect(throws: AccountImportFileError.self) { try items("id,display_name,assurance_level\n\(long)\n") }
        #expect(error?.description.contains("line 2 is longer than") == true)
        let directory = try TemporaryDirectory()
        let path = directory.path + "/no-line-breaks.csv"
        try Data(repeating: UInt8(ascii: "a"), count: 3 << 20).write(to: URL(fileURLWithPath: path))
        #expect(throws: AccountImportFileError.self) {
            var reader = try AccountImportFileReader(path: path, format: .csv)
            while try reader.next() != nil {}
        }
    }

    @Test("JSON Lines: records, a missing key and a wrong type")
    func jsonLines() throws {
        let read = try items("""
            {"id":"001099012345","display_name":"An","assurance_level":2,"managing_organization_id":"0101234567"}
            {"id":"001099012346"}
            {"id":"001099012347","display_name":"Bình","assurance_level":"2"}
            [1]
            """, .jsonLines)
        #expect(read.first == .record(AccountImportRecord(
            line: 1, id: "001099012345", kind: nil, displayName: "An", assuranceLevel: 2, managingOrganizationID: "0101234567"
        )))
        #expect(problems(read).map(\.reason) == ["lacks key 'display_name'", "key 'assurance_level' has the wrong type", "is not a JSON object"])
    }

    @Test("the format follows the file's extension")
    func formatFromName() {
        #expect(AccountImportFileFormat(guessingFrom: "a.jsonl") == .jsonLines)
        #expect(AccountImportFileFormat(guessingFrom: "a.ndjson") == .jsonLines)
        #expect(AccountImportFileFormat(guessingFrom: "a.csv") == .csv)
    }
}
