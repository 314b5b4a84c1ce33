import Foundation
import LocalPostgres

extension Benchmark {
    /// The timings of `migrate am` against WSO2's own step scripts on identical copies.
    struct MigrateAMResult {
        let from: String
        let to: String
        /// Rows in the filled source.
        let rows: Int
        let wso2db: [Double]
        let wso2Scripts: [Double]
        /// `psql -f` of the SQL `wso2db migrate am --dry-run` prints for the same run: the same statements as
        /// wso2db's, without its checks, verification and history. WSO2's scripts do less than half of that DDL
        /// (no identity tables, 26 tables short of 4.1.0), so this is the like-for-like bar of wso2db's own cost.
        let ownSQL: [Double]
        /// What the warm-up runs showed (WSO2's scripts' errors, each tool's tables afterwards).
        let notes: [String]
    }

    /// WSO2's PostgreSQL migration SQL of WSO2_AM_DB, 2.6.0 → 4.1.0: the stretch it publishes.
    static let amStepScripts = [
        "migration-apim-am-2.6.0_to_3.0.0-postgresql.sql", "migration-apim-am-3.0.0_to_3.1.0-postgresql.sql",
        "migration-apim-am-3.1.0_to_3.2.0-postgresql.sql", "migration-apim-am-3.2.0_to_4.0.0-postgresql.sql",
        "migration-apim-am-4.0.0_to_4.1.0-postgresql.sql",
    ]

    /// Times `wso2db migrate am --to 4.1.0` against `psql -f` of WSO2's five step scripts in one psql
    /// process, each on its own copy (`CREATE DATABASE … TEMPLATE`, outside the clock) of one WSO2_AM_DB
    /// 2.6.0 made by WSO2's script and filled by `wso2db-generate --am` with `rowsPerTable` rows per table.
    /// WSO2's scripts run as a DBA runs them, errors not stopping them (the 3.1.0 → 3.2.0 one runs
    /// `EXECUTE NULL`); wso2db's run includes its pre-checks, its per-step verification and its history.
    /// - Throws: when the source cannot be made, or a tool fails.
    func measureMigrateAM(rowsPerTable: Int) throws -> MigrateAMResult {
        let scripts = Self.amStepScripts.map { paths.referenceScript(named: $0) }
        guard let generate = paths.generate, let schema = paths.referenceScript(named: "legacy-apimgt-postgresql-carbon-apimgt-v6.4.50-apim-2.6.0.sql"),
            scripts.allSatisfy({ $0 != nil })
        else {
            throw BenchPaths.Missing(
                description: "wso2db-bench: the migrate-am row needs wso2db-generate next to the bench and WSO2's AM scripts in \(paths.referenceFolder)")
        }
        let source = try server.createDatabase(prefix: "benchamsrc")
        var made = [source]
        defer {
            for database in made.reversed() { _ = try? server.psql(database: "postgres", command: "DROP DATABASE IF EXISTS \"\(database)\"") }
        }
        progress("migrate am: WSO2_AM_DB 2.6.0 by WSO2's script, filled with \(rowsPerTable) rows per table")
        try server.psql(database: source, file: schema)
        try LocalPostgres.run(generate, ["--am", server.url(database: source), "--am-rows", String(rowsPerTable)])
        let rows = try countRows(in: source)

        func copy() throws -> String {
            let name = "benchamcopy\(made.count)"
            try server.psql(database: "postgres", command: "CREATE DATABASE \"\(name)\" TEMPLATE \"\(source)\"")
            made.append(name)
            return name
        }
        // The dry run's script, made once outside the clock on a copy the run itself never touches.
        let ownScript = FileManager.default.temporaryDirectory.appendingPathComponent("wso2db-bench-am-\(getpid()).sql").path
        defer { try? FileManager.default.removeItem(atPath: ownScript) }
        let planned = try copy()
        try TimedCommand(
            program: paths.wso2db, arguments: ["migrate", "am", "--url", server.url(database: planned), "--to", "4.1.0", "--dry-run"]
        ).run().standardOutput.write(toFile: ownScript, atomically: true, encoding: .utf8)
        var samples: (wso2db: [Double], scripts: [Double], ownSQL: [Double]) = ([], [], [])
        var notes: [String] = []
        for run in 0...runs {
            let warmUp = run == 0
            progress("migrate am: \(warmUp ? "warm-up" : "run \(run)/\(runs)")")
            let ours = try copy()
            let migrate = try TimedCommand(
                program: paths.wso2db, arguments: ["migrate", "am", "--url", server.url(database: ours), "--to", "4.1.0", "--allow-destructive", "-q"]
            ).run()
            let theirs = try copy()
            let psql = try TimedCommand(
                program: server.binDirectory + "/psql",
                arguments: ["-X", "-q", "-v", "ON_ERROR_STOP=0", "-d", server.url(database: theirs)] + scripts.flatMap { ["-f", $0!] }
            ).run()
            let bare = try copy()
            let own = try TimedCommand(
                program: server.binDirectory + "/psql", arguments: ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", server.url(database: bare), "-f", ownScript]
            ).run()
            if warmUp {
                let errors = psql.standardError.split(separator: "\n").filter { $0.contains("ERROR") }
                notes.append(
                    "migrate am: after the warm-up, wso2db's copy has \(try countBaseTables(in: ours)) tables, WSO2's scripts' "
                        + "\(try countBaseTables(in: theirs)); WSO2's scripts reported "
                        + "\(errors.count) errors\(errors.first.map { ", first: \($0)" } ?? "")")
            } else {
                samples.wso2db.append(Self.milliseconds(migrate.elapsed))
                samples.scripts.append(Self.milliseconds(psql.elapsed))
                samples.ownSQL.append(Self.milliseconds(own.elapsed))
            }
            for database in [ours, theirs, bare] {
                try server.psql(database: "postgres", command: "DROP DATABASE \"\(database)\"")
                made.removeAll { $0 == database }
            }
        }
        return MigrateAMResult(from: "2.6.0", to: "4.1.0", rows: rows, wso2db: samples.wso2db, wso2Scripts: samples.scripts, ownSQL: samples.ownSQL, notes: notes)
    }

    /// Rows in every table of `public`.
    private func countRows(in database: String) throws -> Int {
        let sql = """
            SELECT sum((xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM %I', tablename), false, true, '')))[1]::text::int)
            FROM pg_tables WHERE schemaname = 'public'
            """
        return Int(try server.psql(database: database, command: sql, extraArguments: ["-t", "-A"]).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }

    /// The row of the report.
    static func migrateAMTable(_ result: MigrateAMResult) -> String {
        let ours = BenchReport.median(result.wso2db)
        let theirs = BenchReport.median(result.wso2Scripts)
        let bare = BenchReport.median(result.ownSQL)
        let ratio = theirs / max(ours, 0.001)
        return """
            migrate am \(result.from) → \(result.to) (\(result.rows) rows), median of \(result.wso2db.count) runs:
              wso2db migrate am --to \(result.to)     \(String(format: "%8.0f ms", ours))
              psql -f WSO2's 5 step scripts          \(String(format: "%8.0f ms", theirs))
              psql -f wso2db's dry-run SQL           \(String(format: "%8.0f ms", bare))
              wso2db is \(String(format: "%.2f", ratio))x as fast (goal: no slower, at least 1.00x): \(ratio >= 1 ? "met" : "NOT met")
              wso2db takes \(String(format: "%.2f", ours / max(bare, 0.001)))x the time of its own statements run bare (checks, verification, history)
            """ + result.notes.map { "\nnote: " + $0 }.joined()
    }
}

/// The row in the `--json` document: the medians, wso2db's over WSO2's scripts' as every other ratio there
/// (goal: at most 1, no slower), and the run-by-run quartiles of that ratio.
extension Benchmark.MigrateAMResult: Encodable {
    private enum CodingKeys: String, CodingKey {
        case from, to, rows, runs, wso2dbMedianMs, wso2ScriptsMedianMs, ratio, goal, runRatioP25, runRatioP75, wso2dbMs, wso2ScriptsMs
        case ownSQLMedianMs, ratioToOwnSQL, ownSQLMs
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        let ours = BenchReport.median(wso2db)
        let theirs = BenchReport.median(wso2Scripts)
        let paired = zip(wso2db, wso2Scripts).map { $0 / max($1, 0.001) }
        try container.encode(from, forKey: .from)
        try container.encode(to, forKey: .to)
        try container.encode(rows, forKey: .rows)
        try container.encode(wso2db.count, forKey: .runs)
        try container.encode(BenchReport.round(ours, 3), forKey: .wso2dbMedianMs)
        try container.encode(BenchReport.round(theirs, 3), forKey: .wso2ScriptsMedianMs)
        try container.encode(BenchReport.round(ours / max(theirs, 0.001), 4), forKey: .ratio)
        try container.encode(1.0, forKey: .goal)
        try container.encode(BenchReport.round(BenchReport.quantile(paired, 0.25), 4), forKey: .runRatioP25)
        try container.encode(BenchReport.round(BenchReport.quantile(paired, 0.75), 4), forKey: .runRatioP75)
        try container.encode(wso2db.map { BenchReport.round($0, 3) }, forKey: .wso2dbMs)
        try container.encode(wso2Scripts.map { BenchReport.round($0, 3) }, forKey: .wso2ScriptsMs)
        let bare = BenchReport.median(ownSQL)
        try container.encode(BenchReport.round(bare, 3), forKey: .ownSQLMedianMs)
        try container.encode(BenchReport.round(ours / max(bare, 0.001), 4), forKey: .ratioToOwnSQL)
        try container.encode(ownSQL.map { BenchReport.round($0, 3) }, forKey: .ownSQLMs)
    }
}
