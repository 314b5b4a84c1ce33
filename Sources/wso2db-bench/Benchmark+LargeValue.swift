import Foundation
import LocalPostgres

extension Benchmark {
    /// One merge holding a large value: the pair of engines, the value's size, and wso2db's run.
    struct LargeValueResult {
        let pair: String
        let valueBytes: Int
        let seconds: Double
        let peakRSSKiB: Int
    }

    /// The engines a large-value merge reads from and writes to.
    static let largeValuePairs: [(sources: BenchSubject.MergeEngine, target: BenchSubject.MergeEngine)] = [
        (.postgres, .postgres), (.sqlite, .postgres), (.postgres, .sqlite), (.sqlite, .sqlite),
    ]

    /// `wso2db merge-legacy` of small generated sources (scale 1) that also hold one REG_CONTENT
    /// value of each size in `megabytes` (incompressible bytes, in a row of the super tenant), on every pair of
    /// engines, once each: its peak resident memory is what is measured (goal: 256 MB however large
    /// the value), and the merge must verify.
    /// - Throws: when the sources cannot be made or the merge fails.
    func measureLargeValues(megabytes: [Int]) throws -> [LargeValueResult] {
        guard let generate = paths.generate, let sqlite3 = paths.sqlite3 else {
            throw BenchPaths.Missing(description: "wso2db-bench: the large-value rows need wso2db-generate next to the bench and sqlite3 on PATH")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wso2db-bench-large-\(getpid())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var results: [LargeValueResult] = []
        for size in megabytes {
            let bytes = size * 1_000_000
            progress("large value \(size) MB: generating the sources on both engines")
            let um = try server.createDatabase(prefix: "large_um")
            let reg = try server.createDatabase(prefix: "large_reg")
            defer { [um, reg].forEach { dropDatabase($0) } }
            let postgres = (um: server.url(database: um), reg: server.url(database: reg))
            let sqlite = (um: "sqlite:" + folder + "/um.db", reg: "sqlite:" + folder + "/reg.db")
            defer { try? FileManager.default.removeItem(atPath: folder + "/reg.db"); try? FileManager.default.removeItem(atPath: folder + "/um.db") }
            _ = try LocalPostgres.run(generate, ["--um", postgres.um, "--reg", postgres.reg, "--scale", "1", "--seed", "1"])
            _ = try LocalPostgres.run(generate, ["--um", sqlite.um, "--reg", sqlite.reg, "--scale", "1", "--seed", "1"])
            // 64 incompressible bytes per sha512, made by the server; randomblob in the sqlite3 shell.
            _ = try server.psql(
                database: reg,
                command: "INSERT INTO reg_content (reg_content_id, reg_content_data, reg_tenant_id) "
                    + "SELECT 990001, substring(string_agg(sha512(int8send(i)), ''::bytea) from 1 for \(bytes)), -1234 "
                    + "FROM generate_series(1, \(bytes / 64 + 1)) i")
            _ = try LocalPostgres.run(
                sqlite3, [folder + "/reg.db", "INSERT INTO REG_CONTENT (REG_CONTENT_ID, REG_CONTENT_DATA, REG_TENANT_ID) VALUES (990001, randomblob(\(bytes)), -1234)"])
            for pair in Self.largeValuePairs {
                let sources = pair.sources == .postgres ? postgres : sqlite
                let label = "\(pair.sources == .postgres ? "pg" : "sqlite") → \(pair.target == .postgres ? "pg" : "sqlite")"
                progress("large value \(size) MB: merge \(label)")
                let target: String
                var drop: () -> Void
                if pair.target == .postgres {
                    let name = try server.createDatabase(prefix: "large_target")
                    target = server.url(database: name)
                    drop = { dropDatabase(name) }
                } else {
                    let path = folder + "/target.db"
                    target = "sqlite:" + path
                    drop = { ["", "-wal", "-shm"].forEach { try? FileManager.default.removeItem(atPath: path + $0) } }
                }
                defer { drop() }
                let result = try MeasuredCommand(program: paths.wso2db, arguments: ["merge-legacy", "--um", sources.um, "--reg", sources.reg, "--to", target])
                    .run()
                results.append(
                    LargeValueResult(pair: label, valueBytes: bytes, seconds: Self.milliseconds(result.elapsed) / 1000, peakRSSKiB: result.peakRSSKiB))
            }
        }
        return results
    }

    /// The large-value rows as a table, peak memory against the 256 MB goal.
    static func largeValueTable(_ results: [LargeValueResult]) -> String {
        var lines = ["| merge holding one REG_CONTENT value of | pair | seconds | peak RSS | goal ≤ 256 MB |", "|---|---|---|---|---|"]
        for result in results {
            let megabytes = Double(result.peakRSSKiB) / 1024
            lines.append(
                "| \(result.valueBytes / 1_000_000) MB | \(result.pair) | \(String(format: "%.1f", result.seconds)) | "
                    + "\(String(format: "%.0f", megabytes)) MB | \(megabytes <= 256 ? "✓" : "✗") |")
        }
        return lines.joined(separator: "\n")
    }
}
