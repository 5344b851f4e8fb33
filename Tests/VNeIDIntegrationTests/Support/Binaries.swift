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
