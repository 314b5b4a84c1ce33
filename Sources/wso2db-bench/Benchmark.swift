import Foundation
import LocalPostgres

/// Times every tool of one subject on one server, interleaved run by run so that machine noise
/// (another build, a checkpoint, CPU frequency) lands on all tools alike. Creating is here; drift is
/// in `Benchmark+Drift.swift`.
struct Benchmark {
    let server: LocalPostgres
    let paths: BenchPaths
    /// Measured runs per tool; one warm-up run comes first and is discarded.
    let runs: Int
    /// Measured runs per tool of a create subject.
    var createRuns: Int? = nil
    /// Where progress goes (stderr), so stdout holds only the results.
    let progress: (String) -> Void

    /// The timings of one subject, in milliseconds, by tool.
    struct SubjectResult {
        let subject: BenchSubject
        let milliseconds: [BenchTool: [Double]]
        /// Tables each tool left in `public` after the warm-up run: a cheap check that the tools
        /// being compared really built the same thing. Empty for subjects that create nothing.
        let tablesCreated: [BenchTool: Int]
        /// Tools that were not timed, with why (a missing reference script, migra not installed).
        let skipped: [BenchTool: String]
        /// What the warm-up run showed about whether the tools did the same job, printed under the table.
        var notes: [String] = []
        /// Peak resident memory per run, in KiB, for the tools whose memory is measured (the merge rows).
        var peakRSSKiB: [BenchTool: [Int]] = [:]
        /// The data a merge subject moved; nil for the other subjects.
        var data: MergeData? = nil
        /// What wso2db merge-legacy reported of each measured run: its phases and table copies.
        var mergeRuns: [MergeRunDetail] = []
        /// The same of the merge into the other engine (`BenchTool.wso2dbMergeAcross`).
        var mergeRunsAcross: [MergeRunDetail] = []
        /// CPU time (user and system) per run, in milliseconds, for the tools whose memory is measured.
        var cpuMilliseconds: [BenchTool: [Double]] = [:]
    }

    /// What a merge subject's sources hold, as the generator reported it.
    struct MergeData: Sendable {
        var engine: BenchSubject.MergeEngine
        var scale: Int
        /// The generator's shape.
        var shape: String
        /// Rows in the UM_* and REG_* tables together.
        var rows: Int
        /// Their payload: UTF-8 text and binary values.
        var bytes: Int
        /// The two source databases' size on disk (`pg_database_size`, or the files).
        var sourceBytes: Int
    }

    /// Runs the warm-up and the measured runs of every tool for one subject.
    /// - Throws: `TimedCommand.Failure` when a tool fails; a failing run makes every timing suspect.
    func measure(_ subject: BenchSubject) throws -> SubjectResult {
        switch subject.task {
        case .create(let referenceScript):
            try measureCreate(subject, referenceScript: referenceScript)
        case .drift:
            try measureDrift(subject)
        case .merge(let engine, let scale):
            try measureMerge(subject, engine: engine, scale: scale)
        }
    }

    /// Times each tool filling a fresh empty database, one per tool and run.
    private func measureCreate(_ subject: BenchSubject, referenceScript: String) throws -> SubjectResult {
        let ddlFile = try writeSameDDL(for: subject)
        defer { try? FileManager.default.removeItem(atPath: ddlFile) }

        var skipped: [BenchTool: String] = [:]
        let reference = paths.referenceScript(named: referenceScript)
        if reference == nil {
            skipped[.psqlWSO2Script] = "skipped: \(paths.referenceFolder)/\(referenceScript) not found"
        }
        let tools = subject.tools.filter { skipped[$0] == nil }

        var samples: [BenchTool: [Double]] = [:]
        var tables: [BenchTool: Int] = [:]
        let runs = createRuns ?? runs
        for run in 0...runs {
            let warmUp = run == 0
            progress("\(subject.label): \(warmUp ? "warm-up" : "run \(run)/\(runs)")")
            // The order flips run by run, so that whatever the run before leaves behind (a checkpoint,
            // a warm cache) falls on each tool alike.
            for tool in run % 2 == 0 ? tools : tools.reversed() {
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
        case .wso2dbCreate:
            return (paths.wso2db, ["create"] + subject.wso2dbArguments + ["--url", Self.urlPlaceholder])
        case .psqlSameDDL:
            return psql(ddlFile)
        case .psqlWSO2Script:
            return psql(reference ?? "")
        case .wso2dbDrift, .migra, .wso2dbMerge, .wso2dbMergeAcross, .pgDumpPsql, .rawCopy, .sqlite3AttachInsert:
            preconditionFailure("\(tool.rawValue) does not create a database")
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

        let elapsed = try TimedCommand(program: program, arguments: concrete).run().elapsed
        let tables = countTables ? try countBaseTables(in: database) : 0
        return (Self.milliseconds(elapsed), tables)
    }

    /// The base tables in schema `public` of a database; -1 when psql's answer is not a number.
    func countBaseTables(in database: String) throws -> Int {
        let count = try server.psql(
            database: database,
            command: "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
            extraArguments: ["-t", "-A"])
        return Int(count.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
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

    static func milliseconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }
}
