import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a program to completion and collects what it printed.
///
/// Uses `posix_spawn` and `waitpid` rather than Foundation's `Process`, whose reaping depends on a
/// dispatch source that may not run while every test thread waits for the server to start. Output
/// goes through temporary files, not pipes: `pg_ctl start` leaves a server running that may inherit
/// the descriptors, and reading a pipe to its end would wait for that server to exit.
public enum Subprocess {
    /// How a program ended and what it printed.
    public struct Result: Sendable {
        /// The exit status, or 128 + the signal number when a signal ended it.
        public var status: Int32
        /// Wall time from spawn to exit; setting up and reading the output files is outside it.
        public var elapsed: Duration
        public var standardOutput: String
        public var standardError: String

        /// A result put together by a caller that ran the program its own way.
        public init(status: Int32, elapsed: Duration, standardOutput: String, standardError: String) {
            self.status = status
            self.elapsed = elapsed
            self.standardOutput = standardOutput
            self.standardError = standardError
        }
    }

    /// Starts `program` with standard input from `STEM.in` and standard output and error into
    /// `STEM.out` and `STEM.err` (files, not pipes: a pipe left open by a grandchild, such as a
    /// postmaster, would hold a reader forever), and returns its process id without waiting.
    /// - Throws: `CommandFailure` when it cannot be started.
    public static func spawn(_ program: String, _ arguments: [String], stem: String, environment: [String: String] = [:]) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stem + ".in", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stem + ".out", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, stem + ".err", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        var variables = ProcessInfo.processInfo.environment
        variables.merge(environment) { $1 }
        let argv = ([program] + arguments).map { strdup($0) } + [nil]
        let envp = variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, program, &actions, nil, argv, envp)
        guard spawned == 0 else {
            throw CommandFailure(program: program, status: spawned, standardError: String(cString: strerror(spawned)), standardOutput: "")
        }
        return pid
    }

    /// Runs `program` with `arguments`, feeding it `input`, with `environment` added to this process's own.
    /// With `killAfter`, a program still running then is ended with SIGKILL (status 137), as a crash
    /// or an operator would end it; with `killWhen`, as soon as what it has written to standard error
    /// so far satisfies the predicate (a moment named by the program's own progress, not by the clock).
    public static func run(
        _ program: String, _ arguments: [String], input: Data? = nil, environment: [String: String] = [:],
        killAfter: Duration? = nil, killWhen: (@Sendable (String) -> Bool)? = nil
    ) throws -> Result {
        let stem = FileManager.default.temporaryDirectory.appendingPathComponent("wso2db-run-\(UUID().uuidString)").path
        try (input ?? Data()).write(to: URL(fileURLWithPath: stem + ".in"))
        defer { [".in", ".out", ".err"].forEach { try? FileManager.default.removeItem(atPath: stem + $0) } }

        let clock = ContinuousClock()
        let start = clock.now
        let pid = try spawn(program, arguments, stem: stem, environment: environment)
        var status: Int32 = 0
        if killAfter != nil || killWhen != nil {
            let deadline = killAfter.map { start + $0 }
            var seenBytes: off_t = 0
            while waitpid(pid, &status, WNOHANG) == 0 {
                if let deadline, clock.now >= deadline {
                    kill(pid, SIGKILL)
                    break
                }
                if let killWhen, let size = fileSize(stem + ".err"), size != seenBytes {
                    seenBytes = size
                    if killWhen((try? String(contentsOfFile: stem + ".err", encoding: .utf8)) ?? "") {
                        kill(pid, SIGKILL)
                        break
                    }
                }
                usleep(500)
            }
        }
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let elapsed = clock.now - start
        // WIFEXITED / WEXITSTATUS are macros Swift cannot import.
        let exited = status & 0x7f == 0
        return Result(
            status: exited ? (status >> 8) & 0xff : 128 + (status & 0x7f), elapsed: elapsed,
            standardOutput: (try? String(contentsOfFile: stem + ".out", encoding: .utf8)) ?? "",
            standardError: (try? String(contentsOfFile: stem + ".err", encoding: .utf8)) ?? "")
    }

    private static func fileSize(_ path: String) -> off_t? {
        var information = stat()
        return stat(path, &information) == 0 ? information.st_size : nil
    }

    /// A loopback port nobody listens on right now.
    public static func freeLoopbackPort() -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        guard bound == 0 else { return Int.random(in: 20000..<60000) }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
