import Foundation
import LocalMariaDB
import LocalPostgres

/// The MySQL rows (`--only mysql`), on a throwaway MariaDB server (`LocalMariaDB`, or the server of
/// `WSO2DB_TEST_MYSQL_URL`), each tool on a fresh empty database per run, tools interleaved run by
/// run; only the subprocess is timed and its peak resident memory read from `wait4`:
/// - `wso2db create am` against the `mariadb` client running WSO2's MySQL script (goal: ≤ 1.0×);
/// - `wso2db drift am` on a database `create` made (no bar: the time alone);
/// - `wso2db merge-legacy` MySQL → MySQL (verification included) against `mariadb-dump | mariadb`
///   moving the same legacy tables (goal: ≤ 1.0×), and MySQL → PostgreSQL.
/// The AM databases are latin1, as WSO2's documentation creates them; the merges' are in the server's
/// default (utf8mb4: the generated legacy data holds characters outside latin1).
struct MySQLBenchmark {
    let mariadb: LocalMariaDB
    let postgres: LocalPostgres
    let paths: BenchPaths
    let runs: Int
    let scale: Int
    let progress: (String) -> Void

    /// One row: the tools' runs in milliseconds and peak RSS in KiB, in the order they ran.
    struct Row {
        var label: String
        var tools: [(name: String, milliseconds: [Double], peakRSSKiB: [Int])]
        var note: String?
    }

    static let amScript = "apimgt-mysql-carbon-apimgt-v9.33.122-apim-4.7.0.sql"

    /// Every MySQL row.
    func measure() throws -> [Row] {
        [try measureCreate(), try measureDrift()] + (try measureMerges())
    }

    private func measureCreate() throws -> Row {
        guard let script = paths.referenceScript(named: Self.amScript) else {
            throw BenchPaths.Missing(description: "wso2db-bench: \(paths.referenceFolder)/\(Self.amScript) not found")
        }
        return try interleaved("create am (MySQL)", tools: ["wso2db create am", "mariadb < WSO2's script"]) { tool, _ in
            let database = try mariadb.createDatabase(prefix: "bench", characterSet: "latin1")
            defer { drop(database) }
            return tool == 0
                ? try MeasuredCommand(program: paths.wso2db, arguments: ["create", "am", "--url", mariadb.url(database: database)]).run()
                : try shell("\(client) \(Self.quote(database)) < \(Self.quote(script))")
        }
    }

    private func measureDrift() throws -> Row {
        let database = try mariadb.createDatabase(prefix: "bench_drift", characterSet: "latin1")
        defer { drop(database) }
        _ = try LocalPostgres.run(paths.wso2db, ["create", "am", "--url", mariadb.url(database: database)])
        return try interleaved("drift am (MySQL)", tools: ["wso2db drift am"]) { _, _ in
            try MeasuredCommand(program: paths.wso2db, arguments: ["drift", "am", "--url", mariadb.url(database: database)]).run()
        }
    }

    private func measureMerges() throws -> [Row] {
        guard let generate = paths.generate else {
            throw BenchPaths.Missing(description: "wso2db-bench: no wso2db-generate next to the bench; build it: swift build -c release")
        }
        let um = try mariadb.createDatabase(prefix: "bench_um")
        let reg = try mariadb.createDatabase(prefix: "bench_reg")
        defer { [um, reg].forEach(drop) }
        progress("MySQL merge: generating the UM and REG databases at scale \(scale)")
        let generated = try LocalPostgres.run(
            generate, ["--um", mariadb.url(database: um), "--reg", mariadb.url(database: reg), "--scale", String(scale), "--seed", "1"])
        let total = generated.split(separator: "\n").last { $0.hasPrefix("total: ") }.map(String.init) ?? "total: ?"
        // The legacy tables, as the merge moves them: UM_* from the UM database, REG_* from the REG one.
        let umTables = try mariadb.mariadb(database: um, command: "SHOW TABLES LIKE 'UM\\_%'").split(separator: "\n").map(String.init)
        let regTables = try mariadb.mariadb(database: reg, command: "SHOW TABLES LIKE 'REG\\_%'").split(separator: "\n").map(String.init)
        let dump = "mariadb-dump --no-defaults --single-transaction -h \(mariadb.host) -P \(mariadb.port) -u \(Self.quote(mariadb.user))"
        let sources = ["--um", mariadb.url(database: um), "--reg", mariadb.url(database: reg)]

        var moved: [String] = []
        var intoMySQL = try interleaved("merge MySQL → MySQL \(scale)x", tools: ["wso2db merge-legacy", "mariadb-dump | mariadb"]) { tool, warmUp in
            let target = try mariadb.createDatabase(prefix: "bench_merge")
            defer { drop(target) }
            let result =
                tool == 0
                ? try MeasuredCommand(program: paths.wso2db, arguments: ["merge-legacy"] + sources + ["--to", mariadb.url(database: target)]).run()
                : try shell(
                    """
                    \(dump) \(Self.quote(um)) \(umTables.map(Self.quote).joined(separator: " ")) | \(client) \(Self.quote(target))
                    \(dump) \(Self.quote(reg)) \(regTables.map(Self.quote).joined(separator: " ")) | \(client) \(Self.quote(target))
                    """)
            if warmUp { moved.append("\(tool == 0 ? "wso2db" : "mariadb-dump") \(try rows(in: target, tables: umTables + regTables)) rows") }
            return result
        }
        intoMySQL.note = "sources \(total.dropFirst(7)); rows in the legacy tables after the warm-up: " + moved.joined(separator: ", ")
        let intoPostgres = try interleaved("merge MySQL → PostgreSQL \(scale)x", tools: ["wso2db merge-legacy"]) { _, _ in
            let target = try postgres.createDatabase(prefix: "bench_mysql_merge")
            defer { _ = try? postgres.psql(database: "postgres", command: "DROP DATABASE IF EXISTS \"\(target)\"") }
            return try MeasuredCommand(program: paths.wso2db, arguments: ["merge-legacy"] + sources + ["--to", postgres.url(database: target)]).run()
        }
        return [intoMySQL, intoPostgres]
    }

    /// The warm-up and the measured runs, tools interleaved run by run.
    private func interleaved(_ label: String, tools: [String], _ run: (Int, Bool) throws -> MeasuredCommand.Result) throws -> Row {
        var row = Row(label: label, tools: tools.map { ($0, [], []) })
        for index in 0...runs {
            progress("\(label): \(index == 0 ? "warm-up" : "run \(index)/\(runs)")")
            for tool in tools.indices {
                let result = try run(tool, index == 0)
                guard index > 0 else { continue }
                row.tools[tool].milliseconds.append(Benchmark.milliseconds(result.elapsed))
                row.tools[tool].peakRSSKiB.append(result.peakRSSKiB)
            }
        }
        return row
    }

    /// The rows of `tables` in `database`, counted exactly.
    private func rows(in database: String, tables: [String]) throws -> Int {
        let sum = tables.map { "(SELECT COUNT(*) FROM `\($0)`)" }.joined(separator: " + ")
        return Int(try mariadb.mariadb(database: database, command: "SELECT " + sum).trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    /// The `mariadb` client as the test user (the password travels in `MYSQL_PWD`, set for the shell).
    private var client: String { "mariadb --no-defaults -h \(mariadb.host) -P \(mariadb.port) -u \(Self.quote(mariadb.user))" }

    private func shell(_ script: String) throws -> MeasuredCommand.Result {
        try MeasuredCommand(
            program: "/usr/bin/env", arguments: ["MYSQL_PWD=\(mariadb.password)", "/bin/bash", "-e", "-o", "pipefail", "-c", script]
        ).run()
    }

    private func drop(_ database: String) {
        _ = try? mariadb.mariadb(command: "DROP DATABASE IF EXISTS `\(database)`")
    }

    private static func quote(_ text: String) -> String { Benchmark.shellQuote(text) }

    /// The rows as a table: median time, ratio to the row's last tool (its bar), median and largest peak RSS.
    static func table(_ rows: [Row]) -> String {
        var lines = ["MySQL (MariaDB)                      tool                        median ms   ratio   peak RSS MB (median / max)"]
        for row in rows {
            let bar = row.tools.count > 1 ? median(row.tools.last!.milliseconds) : nil
            for (position, tool) in row.tools.enumerated() {
                let time = median(tool.milliseconds)
                let ratio = bar.map { String(format: "%.2f×", time / $0) } ?? "-"
                let memory = String(
                    format: "%.0f / %.0f", median(tool.peakRSSKiB.map(Double.init)) / 1024, Double(tool.peakRSSKiB.max() ?? 0) / 1024)
                lines.append(
                    (position == 0 ? row.label : "").padding(toLength: 37, withPad: " ", startingAt: 0)
                        + tool.name.padding(toLength: 28, withPad: " ", startingAt: 0)
                        + String(format: "%9.0f", time) + ratio.leftPadded(8) + "   " + memory)
            }
            if let note = row.note { lines.append("  note: " + note) }
        }
        return lines.joined(separator: "\n")
    }

    private static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
