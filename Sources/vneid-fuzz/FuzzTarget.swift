import Foundation
import SwiftProtobuf
import VNeIDClient
import VNeIDCore
import VNeIDProto
import VNeIDService
@testable import VNeIDTokens

/// What each fuzz target feeds the bytes to. Every target must only ever return or throw;
/// a trap, a crash or a hang is a finding.
enum FuzzTarget: String, CaseIterable {
    /// A token through the whole verifier: split, base64url, header and claims JSON, key
    /// choice, signature.
    case token
    /// The strict JSON reader of token headers and claims.
    case json
    /// A JWKS file, as the trust store loads it.
    case jwks
    /// Account ids, and the character rule of every outside string.
    case text
    /// A working-day calendar file.
    case calendar
    /// Every request message: its first byte picks the type, the rest is decoded as it and
    /// checked against the input limits, as the gate does before any handler.
    case request
    /// Every unary method end to end in the service layer over a real SQLite store: the
    /// first byte picks the method, the second the caller's role, the rest is the request,
    /// decoded, checked by the gate and answered by the handler.
    case handler
    /// An account import file in CSV, as `vneidctl accounts import` reads it.
    case csv
    /// An account import file in JSON Lines.
    case jsonl

    /// The target named by `VNEID_FUZZ_TARGET`.
    static let selected: FuzzTarget = {
        let name = ProcessInfo.processInfo.environment["VNEID_FUZZ_TARGET"] ?? ""
        guard let target = FuzzTarget(rawValue: name) else {
            fatalError("set VNEID_FUZZ_TARGET to one of \(allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return target
    }()

    /// Where the verifier's JWKS file is, removed when the process exits.
    private static let verifierDirectory = NSTemporaryDirectory() + "vneid-fuzz-\(getpid())"

    /// A verifier trusting one fixed Ed25519 key, so that well-formed tokens reach the
    /// signature check.
    private static let verifier: TokenVerifier = {
        let directory = verifierDirectory
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: FuzzTarget.verifierDirectory) }
        let key = try! SigningKey.generate(.edDSA, keyID: "fuzz-1")
        try! JWKSetFile(keys: [key.publicJWK]).write(toFile: directory + "/jwks.json")
        let (store, _) = try! TrustStore.load(issuers: [TrustedIssuer(issuer: "urn:fuzz", jwksPath: directory + "/jwks.json")])
        return TokenVerifier(trustStore: store)
    }()

    /// Every request message type: the unary methods' and the streaming methods'.
    private static let requestTypes: [any SwiftProtobuf.Message.Type] = UnaryMethod.all.map(\.requestType) + [
        Vneid_V1_ImportAccountsRequest.self, Vneid_V1_WatchStatusChangesRequest.self,
        Vneid_V1_WatchNoticesRequest.self, Vneid_V1_BackupDatabaseRequest.self,
    ]

    /// Feeds `data` to the target.
    func run(_ data: Data) {
        switch self {
        case .token:
            _ = Self.verifier.verify(String(decoding: data, as: UTF8.self), remember: false)
        case .json:
            _ = try? StrictJSONParser.parseObject([UInt8](data))
        case .jwks:
            _ = try? JWKSetLoader.load(data: data, path: "fuzz.json", issuer: "urn:fuzz")
        case .text:
            let text = String(decoding: data, as: UTF8.self)
            _ = try? AccountID(validating: text)
            _ = OutsideText.problem(in: text, allowingLineBreaks: data.first.map { $0 & 1 == 0 } ?? false)
            _ = OutsideText.quoted(text)
        case .calendar:
            _ = try? WorkingDayCalendar(fileContents: data)
        case .request:
            guard let selector = data.first else { return }
            let type = Self.requestTypes[Int(selector) % Self.requestTypes.count]
            guard let message = try? type.init(serializedBytes: [UInt8](data.dropFirst())) else { return }
            _ = try? InputLimits().check(message)
            _ = try? message.serializedBytes() as [UInt8]
        case .handler:
            guard data.count >= 2 else { return }
            let methods = UnaryMethod.all
            let stage = HandlerStage.shared
            stage.call(
                methods[Int(data[data.startIndex]) % methods.count],
                caller: stage.callers[Int(data[data.startIndex + 1]) % stage.callers.count],
                request: [UInt8](data.dropFirst(2))
            )
        case .csv, .jsonl:
            guard var reader = try? AccountImportFileReader(contents: [UInt8](data), format: self == .csv ? .csv : .jsonLines) else { return }
            while let item = try? reader.next() { _ = item }
        }
    }
}
