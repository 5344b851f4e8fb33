/// A store that can copy itself consistently while it serves.
public protocol StoreBackup: Sendable {
    /// Writes a consistent copy of the whole store to a new file at `path`: every write
    /// committed before the copy began, none after, while reads and writes go on.
    func writeBackup(to path: String) async throws -> StoreBackupInfo
}
