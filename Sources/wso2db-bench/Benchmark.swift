import Foundation
import LocalPostgres

/// Times every tool creating one subject's database on one server, interleaved run by run so that
/// machine noise (another build, a checkpoint, CPU frequency) lands on all tools alike.
struct Benchmark {
    let server: LocalPostgres
    let paths: BenchPaths
    /// Measured runs per tool; one warm-up run comes first and is discarded.
    let runs: Int
    /// Where progress goes (stderr), so stdout holds only the results.
    let progress: (String) -> Void

    /// The timings of one subject, in milliseconds, by tool.
    struct SubjectResult {
        let subject: BenchSubject
        let milliseconds: [BenchTool: [Double]]
        /// Tables each tool left in `public` after the warm-up run: a cheap check that the tools
        /// being compared really built the same thing.
        let tablesCreated: [BenchTool: Int]
        /// Tools that were not timed, with why (a missing reference script).
        let skipped: [BenchTool: String]
    }

    /// Runs the warm-up and the measured runs of every tool for one subject.
    /// - Throws: `TimedCommand.Failure` when a tool fails; a failing run makes every timing suspect.
    func measure(_ subject: BenchSubject) throws -> SubjectResult {
        let ddlFile = try writeSameDDL(for: subject)
        defer { try? FileManager.default.removeItem(atPath: ddlFile) }

        var skipped: [BenchTool: String] = [:]
        let reference = paths.referenceScript(for: subject)
        if reference == nil {
            skipped[.psqlWSO2Script] = "skipped: \(paths.referenceFolder)/\(subject.referenceScript) not found"
        }
        let tools = BenchTool.allCases.filter { skipped[$0] == nil }

        var samples: [BenchTool: [Double]] = [:]
        var tables: [BenchTool: Int] = [:]
        for run in 0...runs {
            let warmUp = run == 0
            progress("\(subject.label): \(warmUp ? "warm-up" : "run \(run)/\(runs)")")
            for tool in tools {
                let (program, arguments) = command(tool, subject: subject, ddlFile: ddlFile, reference: reference)
                let (elapsed, tableCount) = try timeOnFreshDatabase(program, arguments, countTables: warmUp)
                if warmUp {
                    tables[tool] = tableCount
                } else {
                    samples[tool, default: []].append(elapsed)
                }
            }
        }
        return SubjectResult(subject: subject, milliseconds: samples, tablesCreated: tables, skipped: skipped)
    }

    /// The program and arguments that make one tool create the subject in `{URL}`.
    private func command(_ tool: BenchTool, subject: BenchSubject, ddlFile: String, reference: String?) -> (String, [String]) {
        // -X: no ~/.psqlrc, so a user's settings cannot slow one side down.
        let psql = { (file: String) in
            (server.binDirectory + "/psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", Self.urlPlaceholder, "-f", file])
        }
        switch tool {
        case .wso2db:
            return (paths.wso2db, ["create"] + subject.wso2dbArguments + ["--url", Self.urlPlaceholder])
        case .psqlSameDDL:
            return psql(ddlFile)
        case .psqlWSO2Script:
            return psql(reference ?? "")
        }
    }

    private static let urlPlaceholder = "{URL}"

    /// Creates an empty database, times only the subprocess that fills it, then drops it.
    /// Creating and dropping stay outside the clock: they cost the same for every tool, and the
    /// drop's checkpoint finishes before the next run starts, so no run pays for an earlier one.
    private func timeOnFreshDatabase(_ program: String, _ arguments: [String], countTables: Bool) throws -> (Double, Int) {
        let database = try server.createDatabase(prefix: "bench")
        defer { _ = try? server.psql(database: "postgres", command: "DROP DATABASE \"\(database)\"") }
        let url = server.url(database: database)
        let concrete = arguments.map { $0 == Self.urlPlaceholder ? url : $0 }

        let elapsed = try TimedCommand(program: program, arguments: concrete).run()
        var tables = 0
        if countTables {
            let count = try server.psql(
                database: database,
                command: "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
                extraArguments: ["-t", "-A"])
            tables = Int(count.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
        }
        return (Self.milliseconds(elapsed), tables)
    }

    /// Writes `wso2db ddl <db> --dialect postgres` wrapped in one transaction, as `wso2db create`
    /// runs it, so the comparison is of the tools and not of autocommit against one commit.
    private func writeSameDDL(for subject: BenchSubject) throws -> String {
        let ddl = try LocalPostgres.run(paths.wso2db, ["ddl"] + subject.wso2dbArguments + ["--dialect", "postgres"])
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("wso2db-bench-\(getpid())-\(subject.wso2dbArguments[0]).sql").path
        try ("BEGIN;\n" + ddl + "COMMIT;\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private static func milliseconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }
}
