import Foundation

/// Where the built `vneidd` and `vneidctl` are: `VNEID_BIN_DIR` (set by tools/test), or
/// the package's debug build folder.
enum Binaries {
    static let directory: String = {
        if let directory = ProcessInfo.processInfo.environment["VNEID_BIN_DIR"], !directory.isEmpty { return directory }
        let packageRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return packageRoot.appendingPathComponent(".build/debug").path
    }()

    static var daemon: String { directory + "/vneidd" }
    static var cli: String { directory + "/vneidctl" }
}

/// A directory under the system's temporary directory, removed when the test is done.
final class TemporaryDirectory: Sendable {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "vneid-it-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String, contents: String) throws -> String {
        let file = path + "/" + name
        try contents.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}
