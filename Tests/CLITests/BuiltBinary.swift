import Foundation
import LocalPostgres

/// The executables `swift test` builds beside the test bundle.
enum BuiltBinary {
    struct Missing: Error, CustomStringConvertible {
        let path: String
        var description: String { "\(path) was not built; run `swift build` first" }
    }

    /// The path of the built executable `name`.
    /// - Throws: `Missing` when it is not there.
    static func path(_ name: String) throws -> String {
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
