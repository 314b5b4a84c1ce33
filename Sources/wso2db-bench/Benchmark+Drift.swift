import Foundation
import LocalPostgres

extension Benchmark {
    /// Times `wso2db drift <db> --url A` against `migra --unsafe A B`, where A is made by
    /// `wso2db create` and B is its copy (`CREATE DATABASE B TEMPLATE A`): the anchor of the drift
    /// issue, "the time migra takes to compare the same database with a reference copy".
    /// Both tools only read, so A and B are made once, outside the clock, and every run compares the
    /// same pair. Without migra (or with one that cannot run) the wso2db row is still timed, and the
    /// migra row is skipped with how to install it.
    /// - Throws: when A or B cannot be made, or a tool fails after its warm-up run.
    func measureDrift(_ subject: BenchSubject) throws -> SubjectResult {
        let a = try server.createDatabase(prefix: "bench")
        let b = a + "_copy"
        defer {
            for database in [b, a] {
                _ = try? server.psql(database: "postgres", command: "DROP DATABASE IF EXISTS \"\(database)\"")
            }
        }
        progress("\(subject.label): creating A with wso2db create, and B as its copy")
        try LocalPostgres.run(paths.wso2db, ["create"] + subject.wso2dbArguments + ["--url", server.url(database: a)])
        try server.psql(database: "postgres", command: "CREATE DATABASE \"\(b)\" TEMPLATE \"\(a)\"")

        var commands: [BenchTool: TimedCommand] = [
            .wso2dbDrift: TimedCommand(
                program: paths.wso2db, arguments: ["drift"] + subject.wso2dbArguments + ["--url", server.url(database: a)])
        ]
        var skipped: [BenchTool: String] = [:]
        if let migra = paths.migra {
            commands[.migra] = TimedCommand(
                program: migra.path, arguments: migra.arguments(from: server.url(database: a), to: server.url(database: b)),
                succeeded: Migra.succeeded)
        } else {
            skipped[.migra] = "skipped: migra not found on PATH or in ~/.local/bin; " + Migra.installHint
        }

        var samples: [BenchTool: [Double]] = [:]
        var seen: [String] = []
        for run in 0...runs {
            let warmUp = run == 0
            progress("\(subject.label): \(warmUp ? "warm-up" : "run \(run)/\(runs)")")
            for tool in subject.tools {
                guard let command = commands[tool] else { continue }
                let result: Subprocess.Result
                do {
                    result = try command.run()
                } catch let failure as TimedCommand.Failure where warmUp && tool == .migra {
                    // An installed migra that cannot run (no psycopg2, no pkg_resources) costs the
                    // row its bar, not the whole benchmark its results.
                    skipped[.migra] = "skipped: migra failed its warm-up run (exit \(failure.status): \(Self.lastLine(failure.output))); "
                        + Migra.installHint
                    commands[.migra] = nil
                    continue
                }
                if warmUp {
                    seen.append(Self.describe(tool, result))
                } else {
                    samples[tool, default: []].append(Self.milliseconds(result.elapsed))
                }
            }
        }

        let tables = "A made by wso2db create (\(try countBaseTables(in: a)) tables in public), B its copy (\(try countBaseTables(in: b)))"
        return SubjectResult(
            subject: subject, milliseconds: samples, tablesCreated: [:], skipped: skipped,
            notes: ["\(subject.label): \(tables); warm-up: " + seen.joined(separator: ", ")])
    }

    /// What a warm-up run of a drift tool found, e.g. `migra: no differences (exit 0)`.
    private static func describe(_ tool: BenchTool, _ result: Subprocess.Result) -> String {
        switch (tool, result.status) {
        case (.migra, 0):
            "migra: no differences (exit 0)"
        case (.migra, _):
            // A copy should compare clean; differences mean migra did more than the job being timed.
            "migra: DIFFERENCES between A and its copy (exit \(result.status)), first: \(lines(result.standardOutput).first ?? "")"
        default:
            // wso2db drift only gets here with exit 0, which is its "no drift".
            "\(tool.rawValue): no drift (exit \(result.status))"
        }
    }

    /// The last non-empty line of a program's output: for a Python traceback, the exception.
    private static func lastLine(_ output: String) -> String { lines(output).last ?? "(no output)" }

    private static func lines(_ output: String) -> [String] {
        output.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.allSatisfy(\.isWhitespace) }
    }
}
