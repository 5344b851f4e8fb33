import Foundation

/// Parses JSON Lines: one object per line with the keys `id`, `display_name`,
/// `assurance_level`, and optionally `kind` and `managing_organization_id`.
struct JSONLinesRecordParser: RecordParser {
    private struct Line: Decodable {
        var id: String
        var kind: String?
        var displayName: String
        var assuranceLevel: Int
        var managingOrganizationId: String?
    }

    private let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }()

    mutating func parse(_ line: ArraySlice<UInt8>, lineNumber: UInt64) throws(LineError) -> AccountImportRecord {
        let decoded: Line
        do { decoded = try decoder.decode(Line.self, from: Data(line)) } catch let error as DecodingError {
            throw LineError(Self.explain(error))
        } catch {
            throw LineError("is not a JSON object")
        }
        let organization = decoded.managingOrganizationId ?? ""
        return AccountImportRecord(
            line: lineNumber,
            id: decoded.id,
            kind: try RecordFields.kind(decoded.kind ?? ""),
            displayName: decoded.displayName,
            assuranceLevel: decoded.assuranceLevel,
            managingOrganizationID: organization.isEmpty ? nil : organization
        )
    }

    private static func explain(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, _): "lacks key '\(snakeCase(key.stringValue))'"
        case .typeMismatch(_, let context) where context.codingPath.isEmpty: "is not a JSON object"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            "key '\(context.codingPath.map { snakeCase($0.stringValue) }.joined(separator: "."))' has the wrong type"
        case .dataCorrupted: "is not a JSON object"
        @unknown default: "is not valid"
        }
    }

    private static func snakeCase(_ key: String) -> String {
        key.reduce(into: "") { result, character in
            if character.isUppercase { result += "_" + character.lowercased() } else { result.append(character) }
        }
    }
}
