import Foundation
import LocalPostgres

/// The executables `swift test` builds beside the test bundle.
enum BuiltBinary {
    struct Missing: Error, CustomStringConvertible {
        let path: String
        var named = false
        var description: String {
            named ? "\(path), named by \(underTestVariable), is not an executable file" : "\(path) was not built; run `swift build` first"
        }
    }

    /// The environment variable that names another `wso2db` to run in place of the one `swift test`
    /// built: `WSO2DB_UNDER_TEST=/path/to/old/wso2db swift test --filter Suite` runs a suite's
    /// command-line tests against an older build, to show that a test fails there (it reproduces the
    /// fault it was written for) and passes on this one. It changes only `wso2db`; the tests' own
    /// library code (fixtures, checks) is always this tree's.
    static let underTestVariable = "WSO2DB_UNDER_TEST"

    /// The path of the built executable `name` (for `wso2db`, the one `WSO2DB_UNDER_TEST` names
    /// when it is set).
    /// - Throws: `Missing` when it is not there.
    static func path(_ name: String) throws -> String {
        if name == "wso2db", let other = ProcessInfo.processInfo.environment[underTestVariable], !other.isEmpty {
            guard FileManager.default.isExecutableFile(atPath: other) else { throw Missing(path: other, named: true) }
            return other
        }
        let path = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(name).path
        guard FileManager.default.isExecutableFile(atPath: path) else { throw Missing(path: path) }
        return path
    }
}

extension BuiltBinary {
    /// Runs the built `wso2db` with `arguments`, `input` on its standard input and `environment`
    /// added to this process's own. `PGCONNECT_TIMEOUT` makes a server that does not answer fail
    /// the run in seconds, not hang it. With `killAfter`, a run still going then is SIGKILLed; with
    /// `killWhen`, once its standard error so far satisfies the predicate.
    static func wso2db(
        _ arguments: [String], input: String? = nil, environment: [String: String] = [:], killAfter: Duration? = nil,
        killWhen: (@Sendable (String) -> Bool)? = nil
    ) throws -> Subprocess.Result {
        var variables = ["PGCONNECT_TIMEOUT": "5"]
        variables.merge(environment) { $1 }
        return try Subprocess.run(
            path("wso2db"), arguments, input: input.map { Data($0.utf8) }, environment: variables, killAfter: killAfter,
            killWhen: killWhen)
    }

    /// A `killWhen` for a `--verbose` run whose journalled DDL (engines where DDL commits by itself) has
    /// reported `statements` statements done: the kill lands inside a step, after the journal row of
    /// the last one, whatever the machine's speed.
    static func afterJournalled(_ statements: Int) -> @Sendable (String) -> Bool {
        { error in error.components(separatedBy: " done\n").count - 1 >= statements }
    }

    /// Runs the built `wso2db` with `arguments`.
    static func wso2db(_ arguments: String...) throws -> Subprocess.Result {
        try wso2db(arguments)
    }
}
