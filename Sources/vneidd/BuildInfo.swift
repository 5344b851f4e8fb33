import Foundation

/// The running build, for `vneid_build_info` and the start-up log line.
enum BuildInfo {
    /// The release this source tree is.
    static let version = "0.13.0"

    /// The commit it was built from: `VNEID_BUILD_COMMIT` as the build's launcher sets it
    /// (`tools/run` and `tools/install-service` set it from git), else `unknown`. Swift
    /// packages cannot stamp a value into a binary at build time without rebuilding every
    /// target for each new commit, so the launcher says it.
    static let commit = ProcessInfo.processInfo.environment["VNEID_BUILD_COMMIT"].flatMap { $0.isEmpty ? nil : $0 } ?? "unknown"
}
