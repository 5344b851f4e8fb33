#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process's limit on open files, which bounds how many connections it can hold.
enum OpenFileLimit {
    /// Files kept free for the database, the WAL, logs and the metrics endpoint.
    static let reserve = 128

    /// Raises the soft limit to the hard one (as far as the system allows) and returns the
    /// soft limit in force, or `nil` if it cannot be read.
    static func raise() -> Int? {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return nil }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { limit = raised }
        }
        return Int(clamping: limit.rlim_cur)
    }

    /// The connection cap that fits `openFiles`: at most the configured one, leaving the
    /// reserve free, so that running out of descriptors never stops the daemon serving.
    static func connectionCap(configured: Int, openFiles: Int) -> Int {
        max(1, min(configured, openFiles - reserve))
    }
}
