import Foundation

/// How the bootstrap ADMIN key reaches the operator at first start: written to
/// `DATA_DIR/admin.key` (mode 0600) and, on a terminal, shown once.
///
/// When standard output is not a terminal (a systemd unit, a container, a supervisor),
/// whatever the daemon prints ends in a log that others read and keep, so the key is not
/// printed there, only where it is written. If the file cannot be written, the key is
/// printed after all: an ADMIN principal whose key nobody has would lock the operator out.
enum AdminKeyAnnouncement {
    static func announce(_ key: String, principal: String, in dataDirectory: DataDirectory) throws {
        let path = dataDirectory.adminKeyPath
        guard isatty(STDOUT_FILENO) == 0 else {
            // Shown before the file is written, so the key is never lost if the write fails.
            show(key, principal: principal, path: path)
            try dataDirectory.writeAdminKey(key)
            return
        }
        do {
            try dataDirectory.writeAdminKey(key)
        } catch {
            show(key, principal: principal, path: path)
            throw error
        }
        FileHandle.standardOutput.write(Data("""
            Created the bootstrap ADMIN principal '\(principal)'. Its API key is in \(path) (readable only by you);
            it is not printed, because standard output is not a terminal and would keep it in a log.

            """.utf8))
    }

    private static func show(_ key: String, principal: String, path: String) {
        FileHandle.standardOutput.write(Data("""
            Created the bootstrap ADMIN principal '\(principal)'. Its API key is shown only this once
            and is also written to \(path) (readable only by you):

                \(key)


            """.utf8))
    }
}
