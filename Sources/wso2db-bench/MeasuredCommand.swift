import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One program run, timed from spawn to exit like `TimedCommand`, and also measured for its peak
/// resident memory: reaped with `wait4`, whose `ru_maxrss` is the largest resident set of the
/// process (and of any children it waited for, such as the two sides of a shell pipeline).
struct MeasuredCommand {
    let program: String
    let arguments: [String]

    /// How a measured run ended.
    struct Result {
        /// The exit status, or 128 + the signal number when a signal ended it.
        var status: Int32
        /// Wall time from spawn to exit.
        var elapsed: Duration
        /// Peak resident set size in KiB (Linux reports `ru_maxrss` in KiB).
        var peakRSSKiB: Int
        var standardOutput: String
        var standardError: String
        /// CPU time, user and system, of the process and the children it waited for: beside the
        /// wall time, it tells a tool that waits (for a busy machine's cores, for another thread)
        /// from one that works.
        var cpu: Duration = .zero
    }

    /// Runs the program once, its output going to temporary files (read after the clock stops).
    /// - Throws: `TimedCommand.Failure` when it exits with a status other than 0 or cannot start.
    func run() throws -> Result {
        let stem = FileManager.default.temporaryDirectory.appendingPathComponent("wso2db-bench-run-\(UUID().uuidString)").path
        defer { [".out", ".err"].forEach { try? FileManager.default.removeItem(atPath: stem + $0) } }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stem + ".out", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, stem + ".err", O_WRONLY | O_CREAT | O_TRUNC, 0o600)

        let argv = ([program] + arguments).map { strdup($0) } + [nil]
        let envp = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let clock = ContinuousClock()
        let start = clock.now
        let spawned = posix_spawn(&pid, program, &actions, nil, argv, envp)
        guard spawned == 0 else {
            throw TimedCommand.Failure(program: name, status: spawned, output: String(cString: strerror(spawned)))
        }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) == -1 && errno == EINTR {}
        let elapsed = clock.now - start
        // WIFEXITED / WEXITSTATUS are macros Swift cannot import.
        let exited = status & 0x7f == 0
        let seconds = { (time: timeval) in Duration.seconds(time.tv_sec) + .microseconds(time.tv_usec) }
        let result = Result(
            status: exited ? (status >> 8) & 0xff : 128 + (status & 0x7f), elapsed: elapsed, peakRSSKiB: Int(usage.ru_maxrss),
            standardOutput: (try? String(contentsOfFile: stem + ".out", encoding: .utf8)) ?? "",
            standardError: (try? String(contentsOfFile: stem + ".err", encoding: .utf8)) ?? "",
            cpu: seconds(usage.ru_utime) + seconds(usage.ru_stime))
        guard result.status == 0 else {
            throw TimedCommand.Failure(program: name, status: result.status, output: result.standardOutput + result.standardError)
        }
        return result
    }

    private var name: String { (program as NSString).lastPathComponent }
}
