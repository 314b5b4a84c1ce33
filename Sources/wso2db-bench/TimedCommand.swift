import Foundation
import LocalPostgres

/// One program run whose wall-clock time, from spawn to exit, is what the benchmark reports.
/// `Subprocess` starts the clock right before `posix_spawn` and stops it right after `waitpid`,
/// so setting up and reading its output files is not measured.
struct TimedCommand {
    let program: String
    let arguments: [String]
    /// Whether a run did its job; by default, exit status 0. migra, for one, also exits 2 on success.
    var succeeded: (Subprocess.Result) -> Bool = { $0.status == 0 }

    /// Runs the program once; the result's `elapsed` is how long it ran.
    /// - Throws: `Failure` with the program's output when `succeeded` says no or it cannot start.
    func run() throws -> Subprocess.Result {
        let result = try Subprocess.run(program, arguments)
        guard succeeded(result) else {
            throw Failure(program: name, status: result.status, output: result.standardOutput + result.standardError)
        }
        return result
    }

    /// A timed program that failed: its timing is worthless, and its output says why.
    struct Failure: Error, CustomStringConvertible {
        let program: String
        let status: Int32
        /// What the program printed.
        let output: String
        var description: String { "\(program) exited with \(status): \(output.suffix(2000))" }
    }

    private var name: String { (program as NSString).lastPathComponent }
}
