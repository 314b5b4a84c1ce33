import Foundation
import LocalMariaDB
import LocalPostgres

extension Benchmark {
    /// One merge holding a large value: the pair of engines, the value's size, and wso2db's run.
    struct LargeValueResult {
        let pair: String
        let valueBytes: Int
        let seconds: Double
        let peakRSSKiB: Int
    }

    /// `wso2db merge-legacy` of small generated sources (scale 1) that also hold one REG_CONTENT
    /// value of each size in `megabytes` (incompressible bytes, in a row of the super tenant), on every pair of
    /// engines, once each: its peak resident memory is what is measured (goal: 256 MB however large
    /// the value), and the merge must verify. With `mariadb` (a server whose `max_allowed_packet` takes
    /// the values) also MySQL → MySQL, PostgreSQL → MySQL and MySQL → PostgreSQL.
    /// - Throws: when the sources cannot be made or the merge fails.
    func measureLargeValues(megabytes: [Int], mariadb: LocalMariaDB? = nil) throws -> [LargeValueResult] {
        guard let generate = paths.generate, let sqlite3 = paths.sqlite3 else {
            throw BenchPaths.Missing(description: "wso2db-bench: the large-value rows need wso2db-generate next to the bench and sqlite3 on PATH")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wso2db-bench-large-\(getpid())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var results: [LargeValueResult] = []
        for size in megabytes {
            let bytes = size * 1_000_000
            progress("large value \(size) MB: generating the sources on every engine")
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
            var mysql: (um: String, reg: String)?
            var mysqlDatabases: [String] = []
            defer { mysqlDatabases.forEach { name in _ = try? mariadb?.mariadb(command: "DROP DATABASE `\(name)`") } }
            if let mariadb {
                let names = [try mariadb.createDatabase(prefix: "large_um"), try mariadb.createDatabase(prefix: "large_reg")]
                mysqlDatabases = names
                mysql = (mariadb.url(database: names[0]), mariadb.url(database: names[1]))
                _ = try LocalPostgres.run(generate, ["--um", mysql!.um, "--reg", mysql!.reg, "--scale", "1", "--seed", "1"])
                // 64 bytes of SHA-512 per row of MariaDB's sequence engine, joined into one value.
                try mariadb.mariadb(
                    database: names[1],
                    command: "SET SESSION group_concat_max_len = 4294967295; "
                        + "INSERT INTO REG_CONTENT (REG_CONTENT_ID, REG_CONTENT_DATA, REG_TENANT_ID) SELECT 990001, "
                        + "SUBSTRING(GROUP_CONCAT(UNHEX(SHA2(seq, 512)) SEPARATOR ''), 1, \(bytes)), -1234 FROM seq_1_to_\(bytes / 64 + 1)")
            }
            var pairs: [(label: String, sources: (um: String, reg: String), target: String)] = []
            for engine in ["pg", "sqlite"] {
                for target in ["pg", "sqlite"] { pairs.append(("\(engine) → \(target)", engine == "pg" ? postgres : sqlite, target)) }
            }
            if let mysql { pairs += [("mysql → mysql", mysql, "mysql"), ("pg → mysql", postgres, "mysql"), ("mysql → pg", mysql, "pg")] }
            for pair in pairs {
                progress("large value \(size) MB: merge \(pair.label)")
                let target: String
                var drop: () -> Void
                switch pair.target {
                case "pg":
                    let name = try server.createDatabase(prefix: "large_target")
                    target = server.url(database: name)
                    drop = { dropDatabase(name) }
                case "mysql":
                    let name = try mariadb!.createDatabase(prefix: "large_target")
                    target = mariadb!.url(database: name)
                    drop = { _ = try? mariadb!.mariadb(command: "DROP DATABASE `\(name)`") }
                default:
                    let path = folder + "/target.db"
                    target = "sqlite:" + path
                    drop = { ["", "-wal", "-shm"].forEach { try? FileManager.default.removeItem(atPath: path + $0) } }
                }
                defer { drop() }
                let result = try MeasuredCommand(
                    program: paths.wso2db, arguments: ["merge-legacy", "--um", pair.sources.um, "--reg", pair.sources.reg, "--to", target]
                ).run()
                results.append(
                    LargeValueResult(pair: pair.label, valueBytes: bytes, seconds: Self.milliseconds(result.elapsed) / 1000, peakRSSKiB: result.peakRSSKiB))
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
