import Foundation

/// The process's CPU time, resident memory and open files, read from Linux's `/proc/self`
/// (`nil` where there is no `/proc`).
struct ProcessFigures {
    var cpuSeconds: Double
    var residentBytes: Int
    var openFiles: Int
    var maximumFiles: Int

    static func read() -> ProcessFigures? {
        // /proc/self/stat: fields after the command's closing parenthesis; utime and
        // stime are the 12th and 13th of those, in clock ticks.
        guard let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        // /proc/self/statm: size and resident, in pages.
        let statm = (try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8))?.split(separator: " ")
        let residentPages = statm.flatMap { $0.count > 1 ? Int($0[1]) : nil } ?? 0
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? 0
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        return ProcessFigures(
            cpuSeconds: (user + system) / ticks, residentBytes: residentPages * Int(sysconf(Int32(_SC_PAGESIZE))),
            openFiles: open, maximumFiles: Int(clamping: limit.rlim_cur)
        )
    }
}
