import Foundation
import LocalPostgres

#if canImport(Glibc)
    import Glibc
#endif

/// Runs of the built `wso2db` whose peak memory is measured, and what they are held to: the merges
/// holding one very large value (`LargeValueMergeTests`, `MySQLLargeValueTests`).
enum PeakMemory {
    /// The size of the one large value those merges carry.
    static let valueBytes = 200_000_000
    /// The peak resident set a run may reach, whatever the size of one value (the goal of #20).
    static let goalKiB = 256 * 1024

    /// Runs the built `wso2db` and watches its peak resident set (`VmHWM` of `/proc/PID/status`,
    /// read until it ends: the peak of its own memory since it started). Not `wait4`'s `ru_maxrss`:
    /// Linux carries that across `exec` from the process that spawned it (`posix_spawn` shares this
    /// test process's memory until then), so it would report this process's own peak.
    ///
    /// For the same reason a reading counts only once the process bears the program's name: Linux
    /// lets `posix_spawn` return as soon as the child lets go of this process's memory, a moment
    /// before it takes on its own, and a status read in between gives this process's peak (440–520
    /// MB in these suites: the tests that hold a 200 MB value in SQLite make it in this process). The
    /// kernel names the process after the switch.
    static func measuredRun(_ arguments: [String]) throws -> (status: Int32, output: String, error: String, peakKiB: Int) {
        let stem = FileManager.default.temporaryDirectory.appendingPathComponent("wso2db-large-\(UUID().uuidString)").path
        try Data().write(to: URL(fileURLWithPath: stem + ".in"))
        defer { [".in", ".out", ".err"].forEach { try? FileManager.default.removeItem(atPath: stem + $0) } }
        let program = try BuiltBinary.path("wso2db")
        // The kernel keeps the first 15 bytes of the name.
        let name = "Name:\t" + String(decoding: URL(fileURLWithPath: program).lastPathComponent.utf8.prefix(15), as: UTF8.self)
        let pid = try Subprocess.spawn(program, arguments, stem: stem, environment: ["PGCONNECT_TIMEOUT": "5"])
        var raw: Int32 = 0
        var peak = 0
        while true {
            if let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) {
                let lines = status.split(separator: "\n")
                if lines.contains(where: { $0 == name }), let line = lines.first(where: { $0.hasPrefix("VmHWM:") }),
                    let kib = Int(line.split(separator: " ").dropFirst().first ?? "")
                {
                    peak = max(peak, kib)
                }
            }
            let reaped = waitpid(pid, &raw, WNOHANG)
            if reaped == pid || (reaped == -1 && errno != EINTR) { break }
            usleep(2000)
        }
        let status = raw & 0x7f == 0 ? (raw >> 8) & 0xff : 128 + (raw & 0x7f)
        func read(_ suffix: String) -> String { (try? String(contentsOfFile: stem + suffix, encoding: .utf8)) ?? "" }
        if status == 0 && peak == 0 { throw Unmeasured() }
        return (status, read(".out"), read(".err"), peak)
    }

    /// A run that ended before its memory could be read once.
    struct Unmeasured: Error, CustomStringConvertible {
        var description: String { "wso2db ended before its peak memory could be read" }
    }

    /// md5 of `bytes` by the md5sum tool, in lower-case hex.
    static func md5(_ bytes: [UInt8]) throws -> String {
        let file = try MergeLegacyTests.folder() + "/value"
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        defer { try? FileManager.default.removeItem(atPath: file) }
        return String(try LocalPostgres.run("/usr/bin/md5sum", [file]).prefix(32))
    }
}
