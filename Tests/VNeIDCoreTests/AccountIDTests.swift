import Testing
import VNeIDCore

@Suite("Account ids")
struct AccountIDTests {
    @Test("a 12-digit personal number with a province code from 001 to 096 is a citizen id", arguments: [
        "001099012345", "096203004567", "079187654321",
    ])
    func validCitizen(_ text: String) throws {
        let id = try AccountID(validating: text)
        #expect(id.kind == .citizen)
        #expect(id.rawValue == text)
    }

    @Test("province codes outside 001–096 are rejected, naming the code", arguments: ["000099012345", "097099012345", "999099012345"])
    func badProvince(_ text: String) {
        let error = #expect(throws: VNeIDError.self) { try AccountID(validating: text) }
        #expect(error?.code == .invalidArgument)
        #expect(error?.message.contains("province code \(text.prefix(3))") == true)
    }

    @Test("10-digit tax codes and 13-digit branch codes are organization ids")
    func organizations() throws {
        #expect(try AccountID(validating: "0101234567").kind == .organization)
        #expect(try AccountID(validating: "0101234567001").kind == .organization)
    }

    @Test("a 14-byte text with a dash at byte 10 and multi-byte characters before it is refused, not a crash (found by fuzzing)", arguments: [
        "ééééé-xyz", "\u{FFFD}\u{FFFD}é\nx-\u{FFFD}", "0101234é5-002",
    ])
    func dashAfterMultibyteCharacters(_ text: String) {
        #expect(text.utf8.count == 14)
        let error = #expect(throws: VNeIDError.self) { try AccountID(validating: text) }
        #expect(error?.code == .invalidArgument)
    }

    @Test("a branch code written with a hyphen is stored as 13 digits")
    func hyphenatedBranch() throws {
        let id = try AccountID(validating: "0101234567-002")
        #expect(id.rawValue == "0101234567002")
        #expect(id == (try AccountID(validating: "0101234567002")))
    }

    @Test("branch suffix 000 is rejected")
    func zeroBranch() {
        let error = #expect(throws: VNeIDError.self) { try AccountID(validating: "0101234567000") }
        #expect(error?.message.contains("branch suffix 000") == true)
    }

    @Test("wrong lengths and non-digits say what is wrong", arguments: [
        ("", "empty"), ("12345", "5 digits"), ("00109901234", "11 digits"), ("0010990123456789", "16 digits"),
        ("00109901234a", "only digits"), (" 001099012345", "only digits"), ("001-099-012345", "only digits"),
    ])
    func malformed(_ text: String, _ expected: String) {
        let error = #expect(throws: VNeIDError.self) { try AccountID(validating: text) }
        #expect(error?.code == .invalidArgument)
        #expect(error?.message.contains(expected) == true, "\(error?.message ?? "")")
    }

    @Test("very long input is shortened in the message")
    func longInput() {
        let error = #expect(throws: VNeIDError.self) { try AccountID(validating: String(repeating: "x", count: 100_000)) }
        #expect((error?.message.count ?? .max) < 300)
    }
}
