import Foundation
import Synchronization

/// An issuer whose tokens are trusted: its `iss` value and its JWKS file.
public struct TrustedIssuer: Sendable, Hashable, Codable {
    /// The `iss` claim its tokens carry.
    public var issuer: String
    /// The path of its JWK Set file (RFC 7517).
    public var jwksPath: String

    /// Creates an issuer entry.
    public init(issuer: String, jwksPath: String) {
        self.issuer = issuer
        self.jwksPath = jwksPath
    }
}

/// A trust-store problem: an unreadable or unusable JWKS file.
public struct TrustStoreError: Error, CustomStringConvertible {
    /// What is wrong, naming the file and the issuer.
    public let description: String
    init(_ description: String) { self.description = description }
}

/// What one reload did.
public struct TrustStoreReloadReport: Sendable {
    /// Issuers whose keys were replaced, with their key ids.
    public var reloaded: [(issuer: String, keyIDs: [String])] = []
    /// Issuers whose file was refused; their previous keys stay in force.
    public var failures: [String] = []
    /// Keys skipped inside accepted files.
    public var warnings: [String] = []
}

/// The trusted issuers and their keys, swapped atomically on reload so that calls in
/// flight keep the keys they started with and no call ever sees a half-loaded set.
public final class TrustStore: Sendable {
    /// An immutable view of every trusted key, by `kid`.
    final class Snapshot: Sendable {
        let keysByID: [String: [TrustedKey]]
        let generation: UInt64

        init(keysByIssuer: [String: [TrustedKey]], generation: UInt64) {
            self.keysByID = Dictionary(grouping: keysByIssuer.values.joined(), by: \.keyID)
            self.generation = generation
        }

        /// The key `kid` names, preferring the one of the issuer the token claims.
        func key(id: String, claimedIssuer: String) -> TrustedKey? {
            guard let candidates = keysByID[id] else { return nil }
            return candidates.first { $0.issuer == claimedIssuer } ?? candidates.first
        }
    }

    private struct FileStamp: Equatable {
        var modified: Date?
        var size: Int?
        var inode: Int?
    }

    private struct State {
        var keysByIssuer: [String: [TrustedKey]]
        var stamps: [String: FileStamp]
        var snapshot: Snapshot
    }

    /// The issuers, as configured.
    public let issuers: [TrustedIssuer]
    private let state: Mutex<State>

    /// Loads every issuer's keys; any unusable file fails the whole start.
    ///
    /// - Returns: the store and the warnings about keys it skipped.
    public static func load(issuers: [TrustedIssuer]) throws(TrustStoreError) -> (TrustStore, warnings: [String]) {
        var keysByIssuer: [String: [TrustedKey]] = [:]
        var stamps: [String: FileStamp] = [:]
        var warnings: [String] = []
        for entry in issuers {
            guard keysByIssuer[entry.issuer] == nil else { throw TrustStoreError("issuer \(entry.issuer) is configured twice") }
            stamps[entry.issuer] = stamp(of: entry.jwksPath)
            let loaded = try JWKSetLoader.load(path: entry.jwksPath, issuer: entry.issuer)
            keysByIssuer[entry.issuer] = loaded.keys
            warnings += loaded.warnings
        }
        let store = TrustStore(issuers: issuers, state: State(
            keysByIssuer: keysByIssuer, stamps: stamps,
            snapshot: Snapshot(keysByIssuer: keysByIssuer, generation: 0)
        ))
        return (store, warnings)
    }

    private init(issuers: [TrustedIssuer], state: State) {
        self.issuers = issuers
        self.state = Mutex(state)
    }

    /// The keys in force now.
    var snapshot: Snapshot { state.withLock { $0.snapshot } }

    /// The key ids in force, by issuer.
    public var keyIDsByIssuer: [String: [String]] {
        state.withLock { state in state.keysByIssuer.mapValues { $0.map(\.keyID).sorted() } }
    }

    /// Re-reads the JWKS files: all of them, or with `onlyChanged` those whose size,
    /// modification time or inode changed since they were last read. A file that is
    /// refused leaves its issuer's previous keys in force.
    public func reload(onlyChanged: Bool) -> TrustStoreReloadReport {
        var report = TrustStoreReloadReport()
        var replacements: [String: [TrustedKey]] = [:]
        var newStamps: [String: FileStamp] = [:]
        let oldStamps = state.withLock { $0.stamps }
        for entry in issuers {
            let stamp = Self.stamp(of: entry.jwksPath)
            if onlyChanged, stamp == oldStamps[entry.issuer] { continue }
            // Remember the stamp even when the file is refused, so a broken file is
            // reported once, not on every poll; fixing it changes the stamp again.
            newStamps[entry.issuer] = stamp
            do {
                let loaded = try JWKSetLoader.load(path: entry.jwksPath, issuer: entry.issuer)
                replacements[entry.issuer] = loaded.keys
                report.warnings += loaded.warnings
                report.reloaded.append((entry.issuer, loaded.keys.map(\.keyID).sorted()))
            } catch {
                report.failures.append("\(error.description); the previous keys of \(entry.issuer) stay in force")
            }
        }
        guard !newStamps.isEmpty else { return report }
        state.withLock { state in
            state.stamps.merge(newStamps) { _, new in new }
            guard !replacements.isEmpty else { return }
            state.keysByIssuer.merge(replacements) { _, new in new }
            state.snapshot = Snapshot(keysByIssuer: state.keysByIssuer, generation: state.snapshot.generation + 1)
        }
        return report
    }

    private static func stamp(of path: String) -> FileStamp {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        return FileStamp(
            modified: attributes?[.modificationDate] as? Date,
            size: (attributes?[.size] as? NSNumber)?.intValue,
            inode: (attributes?[.systemFileNumber] as? NSNumber)?.intValue
        )
    }
}
