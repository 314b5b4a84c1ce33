import Foundation
import LocalPostgres

#if canImport(Glibc)
    import Glibc
#endif

/// A `wso2db` run the test watches while it works: its stderr is read as it is written, so that a
/// signal can be sent when its progress says a phase has begun, and it is always reaped within a
/// time limit (SIGKILL past it), so that a hang fails the test instead of stalling the suite.
final class WatchedProcess {
    struct TimedOut: Error, CustomStringConvertible {
        let what: String
        let standardError: String
        var description: String { "timed out waiting for \(what); stderr so far: \(standardError.suffix(2000))" }
    }

    let pid: pid_t
    private let stem: String
    private var status: Int32?
    private let clock = ContinuousClock()

    /// Starts `wso2db` with `arguments`.
    init(_ arguments: [String], environment: [String: String] = ["PGCONNECT_TIMEOUT": "5"]) throws {
        let program = try BuiltBinary.path("wso2db")
        stem = FileManager.default.temporaryDirectory.appendingPathComponent("wso2db-watched-\(UUID().uuidString)").path
        try Data().write(to: URL(fileURLWithPath: stem + ".in"))
        pid = try Subprocess.spawn(program, arguments, stem: stem, environment: environment)
    }

    deinit {
        if status == nil {
            Glibc.kill(pid, SIGKILL)
            var raw: Int32 = 0
            while waitpid(pid, &raw, 0) == -1 && errno == EINTR {}
        }
        [".in", ".out", ".err"].forEach { try? FileManager.default.removeItem(atPath: stem + $0) }
    }

    /// What it has written to stderr so far.
    var standardError: String { (try? String(contentsOfFile: stem + ".err", encoding: .utf8)) ?? "" }

    /// Whether it is still running (reaping it if it has ended).
    var running: Bool {
        if status != nil { return false }
        var raw: Int32 = 0
        if waitpid(pid, &raw, WNOHANG) == pid {
            status = Self.decode(raw)
            return false
        }
        return true
    }

    /// Waits until `condition` holds for its stderr, polling every millisecond.
    /// - Throws: `TimedOut` when it does not hold within `timeout`, or the program ends first.
    @discardableResult
    func waitForStandardError(
        _ what: String, timeout: Duration = .seconds(60), _ condition: (String) -> Bool
    ) throws -> String {
        let deadline = clock.now + timeout
        while clock.now < deadline {
            let text = standardError
            if condition(text) { return text }
            guard running else { throw TimedOut(what: what + " (the program ended first, status \(status ?? -1))", standardError: text) }
            usleep(1000)
        }
        throw TimedOut(what: what, standardError: standardError)
    }

    /// Sends a signal.
    func signal(_ number: Int32) {
        if status == nil { Glibc.kill(pid, number) }
    }

    /// Waits for it to end, killing it past `timeout`, and returns how it ended and what it printed.
    func finish(timeout: Duration = .seconds(120)) -> Subprocess.Result {
        let deadline = clock.now + timeout
        while running {
            if clock.now >= deadline {
                Glibc.kill(pid, SIGKILL)
                var raw: Int32 = 0
                while waitpid(pid, &raw, 0) == -1 && errno == EINTR {}
                status = Self.decode(raw)
                break
            }
            usleep(1000)
        }
        return Subprocess.Result(
            status: status ?? -1, elapsed: .zero,
            standardOutput: (try? String(contentsOfFile: stem + ".out", encoding: .utf8)) ?? "", standardError: standardError)
    }

    /// Ends it with SIGKILL, as a crash or an operator would, and reaps it.
    func killNow() -> Subprocess.Result {
        signal(SIGKILL)
        return finish()
    }

    /// The exit status, or 128 + the signal number (WIFEXITED / WEXITSTATUS are macros Swift cannot import).
    private static func decode(_ raw: Int32) -> Int32 {
        raw & 0x7f == 0 ? (raw >> 8) & 0xff : 128 + (raw & 0x7f)
    }
}

/// Polls `condition` every few milliseconds until it holds.
/// - Throws: `WatchedProcess.TimedOut` past `timeout`.
func waitUntil(_ what: String, timeout: Duration = .seconds(60), _ condition: () throws -> Bool) throws {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while clock.now < deadline {
        if try condition() { return }
        usleep(2000)
    }
    throw WatchedProcess.TimedOut(what: what, standardError: "")
}
