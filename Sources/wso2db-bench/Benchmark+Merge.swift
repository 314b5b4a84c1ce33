import Foundation
import LocalPostgres

extension Benchmark {
    /// Times `wso2db merge-legacy` against the engine's own way of moving the same tables, on
    /// sources `wso2db-generate` fills once at the subject's scale, into a fresh empty target per
    /// tool and run:
    /// - PostgreSQL: `pg_dump -t 'um_*' UM | psql T`, then `pg_dump -t 'reg_*' REG | psql T` (the
    ///   legacy tables, their keys, indexes and sequences, as pg_dump writes them);
    /// - SQLite: one sqlite3 process that creates the 4.7.0 schema from `wso2db ddl shared --dialect
    ///   sqlite`, attaches both sources and copies every legacy table with INSERT … SELECT in one
    ///   transaction, filling the new ID and UUID columns (`MergeAnchor`).
    /// wso2db's peak resident memory is measured on every run (`wait4`'s `ru_maxrss`).
    /// - Throws: when the sources cannot be made or a tool fails.
    func measureMerge(_ subject: BenchSubject, engine: BenchSubject.MergeEngine, scale: Int) throws -> SubjectResult {
        guard let generate = paths.generate else {
            throw BenchPaths.Missing(
                description: "wso2db-bench: no wso2db-generate next to the bench; build it: swift build -c release")
        }
        let anchor = try MergeAnchor.fromCatalog()
        var skipped: [BenchTool: String] = [:]
        if !mergeLegacyAvailable() {
            skipped[.wso2dbMerge] = "skipped: \(paths.wso2db) has no merge-legacy subcommand (`wso2db merge-legacy --help` fails); rebuild it"
        }
        switch engine {
        case .postgres:
            return try measurePostgresMerge(subject, scale: scale, generate: generate, anchor: anchor, skipped: skipped)
        case .sqlite:
            if paths.sqlite3 == nil {
                skipped[.sqlite3AttachInsert] = "skipped: the sqlite3 shell is not on PATH; install it with apt-get install -y sqlite3"
            }
            return try measureSQLiteMerge(subject, scale: scale, generate: generate, anchor: anchor, skipped: skipped)
        }
    }

    private func measurePostgresMerge(
        _ subject: BenchSubject, scale: Int, generate: String, anchor: MergeAnchor, skipped: [BenchTool: String]
    ) throws -> SubjectResult {
        let um = try server.createDatabase(prefix: "legacy_um")
        let reg = try server.createDatabase(prefix: "legacy_reg")
        defer { [um, reg].forEach { dropDatabase($0) } }
        let (umURL, regURL) = (server.url(database: um), server.url(database: reg))
        progress("\(subject.label): generating the UM and REG databases at scale \(scale)")
        var data = try generateSources(generate, um: umURL, reg: regURL, scale: scale, shape: subject.shape, engine: .postgres)
        let size = try server.psql(
            database: "postgres", command: "SELECT pg_database_size('\(um)') + pg_database_size('\(reg)')", extraArguments: ["-t", "-A"])
        data.sourceBytes = Int(size.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0

        let bin = server.binDirectory
        /// `pg_dump | psql` of both families, all of each or one section (`pre-data`, `data`).
        func dumpAndLoad(target: String, section: String?) -> MeasuredCommand {
            // -X: no ~/.psqlrc; ON_ERROR_STOP and pipefail so that a failed load cannot pass for a fast one.
            let psql = "\(Self.shellQuote(bin + "/psql")) -X -q -v ON_ERROR_STOP=1 -d \(Self.shellQuote(target))"
            let dump = Self.shellQuote(bin + "/pg_dump") + (section.map { " --section=\($0)" } ?? "")
            let script = """
                \(dump) -d \(Self.shellQuote(umURL)) -t 'um_*' | \(psql)
                \(dump) -d \(Self.shellQuote(regURL)) -t 'reg_*' | \(psql)
                """
            return MeasuredCommand(program: "/bin/bash", arguments: ["-e", "-o", "pipefail", "-c", script])
        }
        let folder = try scratchFolder("wso2db-bench-merge-pg")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        return try measureMergeRuns(subject, data: data, anchor: anchor, skipped: skipped) { tool, warmUp in
            if tool == .wso2dbMerge || tool == .wso2dbMergeAcross {
                return try measureMergeLegacy(
                    um: umURL, reg: regURL, into: tool == .wso2dbMerge ? .postgres : .sqlite, folder: folder, anchor: anchor, countRows: warmUp)
            }
            let target = try server.createDatabase(prefix: "merge")
            defer { dropDatabase(target) }
            if tool == .rawCopy {
                // The tables only, untimed: what is timed is the COPY of their rows and nothing else.
                _ = try dumpAndLoad(target: server.url(database: target), section: "pre-data").run()
            }
            let result = try dumpAndLoad(target: server.url(database: target), section: tool == .rawCopy ? "data" : nil).run()
            return (result, warmUp ? try countRows(.postgres, target: target, anchor: anchor) : nil)
        }
    }

    /// One timed `wso2db merge-legacy` of the sources into a fresh empty target of `engine`, dropped
    /// afterwards; with `countRows`, the rows it moved. The JSON report carries the phase timings;
    /// printing it costs nothing measurable.
    private func measureMergeLegacy(
        um: String, reg: String, into engine: BenchSubject.MergeEngine, folder: String, anchor: MergeAnchor, countRows counting: Bool
    ) throws -> (MeasuredCommand.Result, Int?) {
        let target: String
        switch engine {
        case .postgres: target = try server.createDatabase(prefix: "merge")
        case .sqlite: target = folder + "/target-\(UUID().uuidString).db"
        }
        defer {
            switch engine {
            case .postgres: dropDatabase(target)
            case .sqlite: ["", "-wal", "-shm", "-journal"].forEach { try? FileManager.default.removeItem(atPath: target + $0) }
            }
        }
        let url = engine == .postgres ? server.url(database: target) : "sqlite:" + target
        let result = try MeasuredCommand(
            program: paths.wso2db, arguments: ["merge-legacy", "--um", um, "--reg", reg, "--to", url, "--format", "json"]
        ).run()
        return (result, counting ? try countRows(engine, target: target, anchor: anchor) : nil)
    }

    /// The rows in the moved tables of a target (a PostgreSQL database's name, or a SQLite file's
    /// path); nil without the sqlite3 shell.
    private func countRows(_ engine: BenchSubject.MergeEngine, target: String, anchor: MergeAnchor) throws -> Int? {
        let output: String
        switch engine {
        case .postgres:
            output = try server.psql(database: target, command: anchor.countQuery(lowerCase: true), extraArguments: ["-t", "-A"])
        case .sqlite:
            guard let sqlite3 = paths.sqlite3 else { return nil }
            output = try LocalPostgres.run(sqlite3, [target, anchor.countQuery(lowerCase: false)])
        }
        return Int(output.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// A new folder under the temporary directory, for SQLite files.
    private func scratchFolder(_ prefix: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(getpid())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    private func measureSQLiteMerge(
        _ subject: BenchSubject, scale: Int, generate: String, anchor: MergeAnchor, skipped: [BenchTool: String]
    ) throws -> SubjectResult {
        let folder = try scratchFolder("wso2db-bench-merge")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (um, reg) = (folder + "/um.db", folder + "/reg.db")
        progress("\(subject.label): generating the UM and REG files at scale \(scale)")
        var data = try generateSources(generate, um: "sqlite:" + um, reg: "sqlite:" + reg, scale: scale, shape: subject.shape, engine: .sqlite)
        data.sourceBytes = [um, reg].reduce(0) { total, path in
            total + ((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0)
        }
        let ddl = try LocalPostgres.run(paths.wso2db, ["ddl", "shared", "--dialect", "sqlite"])
        let script = folder + "/anchor.sql"
        try anchor.sqliteScript(ddl: ddl, um: um, reg: reg).write(toFile: script, atomically: true, encoding: .utf8)

        return try measureMergeRuns(subject, data: data, anchor: anchor, skipped: skipped) { tool, warmUp in
            if tool == .wso2dbMerge || tool == .wso2dbMergeAcross {
                return try measureMergeLegacy(
                    um: "sqlite:" + um, reg: "sqlite:" + reg, into: tool == .wso2dbMerge ? .sqlite : .postgres, folder: folder, anchor: anchor,
                    countRows: warmUp)
            }
            let target = folder + "/anchor-target.db"
            defer { ["", "-wal", "-shm", "-journal"].forEach { try? FileManager.default.removeItem(atPath: target + $0) } }
            let result = try MeasuredCommand(program: paths.sqlite3 ?? "sqlite3", arguments: ["-bail", target, ".read " + script]).run()
            return (result, warmUp ? try countRows(.sqlite, target: target, anchor: anchor) : nil)
        }
    }

    /// The warm-up and the measured runs of a merge subject, tools interleaved run by run; `run`
    /// does one tool's run on a fresh target and, on the warm-up, counts the rows it moved.
    private func measureMergeRuns(
        _ subject: BenchSubject, data: MergeData, anchor: MergeAnchor, skipped: [BenchTool: String],
        _ run: (BenchTool, Bool) throws -> (MeasuredCommand.Result, Int?)
    ) throws -> SubjectResult {
        var samples: [BenchTool: [Double]] = [:]
        var memory: [BenchTool: [Int]] = [:]
        var cpu: [BenchTool: [Double]] = [:]
        var moved: [String] = []
        var details: [MergeRunDetail] = []
        var acrossDetails: [MergeRunDetail] = []
        let load = Machine.loadAverage()
        for index in 0...runs {
            let warmUp = index == 0
            progress("\(subject.label): \(warmUp ? "warm-up" : "run \(index)/\(runs)")")
            for tool in subject.tools where skipped[tool] == nil {
                let (result, rows) = try run(tool, warmUp)
                if warmUp {
                    moved.append("\(tool.rawValue) \(rows.map(String.init) ?? "?") in \(Self.format(Self.milliseconds(result.elapsed) / 1000)) s")
                } else {
                    samples[tool, default: []].append(Self.milliseconds(result.elapsed))
                    memory[tool, default: []].append(result.peakRSSKiB)
                    cpu[tool, default: []].append(Self.milliseconds(result.cpu))
                    if let detail = MergeRunDetail(json: result.standardOutput) {
                        if tool == .wso2dbMerge { details.append(detail) }
                        if tool == .wso2dbMergeAcross { acrossDetails.append(detail) }
                    }
                }
            }
        }
        var notes = [
            "\(subject.label): load average \(load) before, \(Machine.loadAverage()) after; "
                + "sources \(data.rows) rows, \(data.bytes) payload bytes, \(data.sourceBytes) bytes on disk; "
                + "rows in the \(anchor.tables.count) legacy tables after the warm-up: " + moved.joined(separator: ", ")
        ]
        if case .merge(.sqlite, _) = subject.task {
            notes.append("\(subject.label): the sqlite3 anchor fills " + anchor.filledColumns.joined(separator: ", "))
        }
        return SubjectResult(
            subject: subject, milliseconds: samples, tablesCreated: [:], skipped: skipped, notes: notes, peakRSSKiB: memory, data: data,
            mergeRuns: details, mergeRunsAcross: acrossDetails, cpuMilliseconds: cpu)
    }

    /// Runs `wso2db-generate` and reads its totals.
    private func generateSources(
        _ generate: String, um: String, reg: String, scale: Int, shape: String, engine: BenchSubject.MergeEngine
    ) throws -> MergeData {
        let output = try LocalPostgres.run(generate, ["--um", um, "--reg", reg, "--scale", String(scale), "--seed", "1", "--shape", shape])
        // "total: 56960 rows, 39310702 bytes"
        guard let total = output.split(separator: "\n").last(where: { $0.hasPrefix("total: ") }) else {
            throw BenchPaths.Missing(description: "wso2db-bench: wso2db-generate printed no totals: \(output.suffix(500))")
        }
        let numbers = total.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        if let filled = output.split(separator: "\n").last(where: { $0.hasPrefix("filled in") }) {
            progress("  \(filled)")
        }
        return MergeData(engine: engine, scale: scale, shape: shape, rows: numbers.first ?? 0, bytes: numbers.dropFirst().first ?? 0, sourceBytes: 0)
    }

    /// Whether the wso2db next to the bench has the merge-legacy subcommand: its help names the
    /// options (a wso2db without it answers `merge-legacy --help` with the general help, exit 0).
    private func mergeLegacyAvailable() -> Bool {
        guard let help = try? Subprocess.run(paths.wso2db, ["merge-legacy", "--help"]), help.status == 0 else { return false }
        return help.standardOutput.contains("--reg") && help.standardOutput.contains("--to")
    }

    func dropDatabase(_ name: String) {
        _ = try? server.psql(database: "postgres", command: "DROP DATABASE IF EXISTS \"\(name)\"")
    }

    static func shellQuote(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    private static func format(_ value: Double) -> String { String(format: "%.2f", value) }
}
