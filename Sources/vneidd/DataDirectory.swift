import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The daemon's data directory: the database, the bootstrap admin key, and the address
/// file that says where a running daemon listens.
struct DataDirectory {
    let path: String

    var databasePath: String { path + "/vneid.sqlite" }
    var adminKeyPath: String { path + "/admin.key" }
    var addressPath: String { path + "/vneidd.address" }
    var metricsAddressPath: String { path + "/metrics.address" }
    /// Where the frames listener's address is written once it listens.
    var framesAddressPath: String { path + "/vneidd.frames-address" }

    /// Creates the directory (readable only by its owner) if it does not exist.
    init(path: String) throws {
        self.path = path
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw ConfigurationError("data directory \(path) exists but is not a directory") }
        } else {
            do {
                try FileManager.default.createDirectory(
                    atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700]
                )
            } catch {
                throw ConfigurationError("cannot create data directory \(path): \(error.localizedDescription)")
            }
        }
    }

    /// Writes the bootstrap admin key to a new file only its owner can read, replacing a
    /// stale one left from an earlier database (a new database makes any old key useless).
    func writeAdminKey(_ key: String) throws {
        try? FileManager.default.removeItem(atPath: adminKeyPath)
        try writeNewPrivateFile(adminKeyPath, contents: key + "\n")
    }

    /// Records the address the daemon listens on, for tools and tests to find it.
    func writeAddress(_ address: String) throws {
        try? FileManager.default.removeItem(atPath: addressPath)
        try writeNewPrivateFile(addressPath, contents: address + "\n")
    }

    /// Records the address the metrics endpoint listens on.
    func writeMetricsAddress(_ address: String) throws {
        try? FileManager.default.removeItem(atPath: metricsAddressPath)
        try writeNewPrivateFile(metricsAddressPath, contents: address + "\n")
    }

    /// Records the address the frames listener listens on.
    func writeFramesAddress(_ address: String) throws {
        try? FileManager.default.removeItem(atPath: framesAddressPath)
        try writeNewPrivateFile(framesAddressPath, contents: address + "\n")
    }

    /// Removes the address files at shutdown.
    func removeAddress() {
        try? FileManager.default.removeItem(atPath: addressPath)
        try? FileManager.default.removeItem(atPath: metricsAddressPath)
        try? FileManager.default.removeItem(atPath: framesAddressPath)
    }

    /// Writes a new file (it must not exist) that only its owner can read.
    func writeNewPrivateFile(_ path: String, contents: String) throws {
        // open(2) with the mode, so the file is never readable by others, not even briefly.
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            throw ConfigurationError("cannot create \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        let bytes = Array(contents.utf8)
        guard write(descriptor, bytes, bytes.count) == bytes.count, fsync(descriptor) == 0 else {
            throw ConfigurationError("cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }
}
