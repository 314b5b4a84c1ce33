import AllDrivers
import Foundation
import LocalMariaDB
import LocalPostgres
import SQLDriver
import Testing

/// `wso2db merge-legacy` with MySQL on either side: legacy UM and REG databases filled by
/// `wso2db-generate`, merged into an empty 4.7.0 database on MySQL, PostgreSQL or SQLite, verified
/// by the same canonical hash whatever the engines; two runs at once; refused where MySQL cannot
/// hold a value. (The MySQL traps and a merge killed while creating: `MySQLTrapsTests`.)
@Suite("wso2db merge-legacy with MySQL")
struct MySQLMergeTests {
    enum Engine: String, Sendable, CustomStringConvertible {
        case mysql, postgres, sqlite
        var description: String { rawValue }
    }

    /// A fresh, empty database of `engine`; on MySQL in the server's utf8mb4 (the generator's data holds
    /// characters outside latin1, which a latin1 legacy database, as WSO2's guide makes them, cannot),
    /// on `server` when given, else on the shared one.
    static func emptyDatabase(_ engine: Engine, legacy: Bool, on server: LocalMariaDB? = nil) throws -> String {
        switch engine {
        case .mysql:
            let server = try server ?? LocalMariaDB.shared()
            return server.url(database: try server.createDatabase(prefix: legacy ? "legacy" : "target"))
        case .postgres:
            let server = try LocalPostgres.shared()
            return server.url(database: try server.createDatabase(prefix: legacy ? "legacy" : "target"))
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wso2db-mysqlmerge-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            return "sqlite:\(folder)/\(legacy ? "legacy" : "shared").db"
        }
    }

    /// UM and REG databases of `engine` filled with generated legacy data (on MySQL on `server`, else the shared one).
    static func sources(_ engine: Engine, on server: LocalMariaDB? = nil) throws -> (um: String, reg: String) {
        let (um, reg) = (
            try emptyDatabase(engine, legacy: true, on: server),
            try emptyDatabase(engine, legacy: true, on: server).replacingOccurrences(of: "legacy.db", with: "reg.db")
        )
        let generated = try Subprocess.run(BuiltBinary.path("wso2db-generate"), ["--um", um, "--reg", reg, "--scale", "1"])
        try #require(generated.status == 0, "\(generated.standardError)")
        return (um, reg)
    }

    /// UM and REG databases of `engine` made by `wso2db create um|reg --version 2.6.0` and filled with the
    /// awkward rows of the PostgreSQL merge tests (`AwkwardLegacyData`).
    static func awkwardSources(_ engine: Engine) throws -> (um: String, reg: String) {
        let (um, reg) = (
            try emptyDatabase(engine, legacy: true),
            try emptyDatabase(engine, legacy: true).replacingOccurrences(of: "legacy.db", with: "reg.db")
        )
        for (database, url) in [("um", um), ("reg", reg)] {
            let created = try BuiltBinary.wso2db("create", database, "--version", "2.6.0", "--url", url)
            try #require(created.status == 0, "\(created.standardError)")
        }
        // The connections close at the end of this scope, so that a SQLite file holds everything.
        try { try AwkwardLegacyData.fill(um: try open(um, read: false), reg: try open(reg, read: false)) }()
        return (um, reg)
    }

    static func open(_ url: String, read: Bool = true) throws -> any DatabaseConnection {
        AllDrivers.register()
        return try DriverRegistry.open(try DatabaseURL(parsing: url), for: read ? .read : .write)
    }

    /// Every legacy row of the family, as sorted text, limited to the legacy columns.
    static func rows(_ url: String, prefix: String) throws -> [String: [String]] {
        var schema = MergeLegacyTests.legacy
        schema.tables = schema.tables.filter { $0.name.hasPrefix(prefix) }
        return try TableData.snapshot(try open(url), schema: schema)
    }

    /// What a MySQL database holds, table by table: definitions and a checksum of the rows.
    static func fingerprint(_ url: String) throws -> String {
        guard url.hasPrefix("mysql:") else { return "" }
        let server = try LocalMariaDB.shared()
        let name = String(url.split(separator: "/").last!)
        let tables = try server.createTableStatements(database: name)
        let sums = try server.mariadb(database: name, command: "CHECKSUM TABLE " + tables.keys.sorted().map { "`\($0)`" }.joined(separator: ", "))
        return tables.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: "\n") + sums
    }

    static func merge(_ sources: (um: String, reg: String), to target: String, killAfter: Duration? = nil) throws -> Subprocess.Result {
        try BuiltBinary.wso2db(
            ["merge-legacy", "--um", sources.um, "--reg", sources.reg, "--to", target, "--format", "json"], killAfter: killAfter)
    }

    /// A finished merge: verified, no drift (on MySQL also against WSO2's MySQL script), every legacy
    /// row there, AUTO_INCREMENT past every copied id, the sources unchanged.
    static func checkMerged(_ result: Subprocess.Result, _ sources: (um: String, reg: String), target: String, before: [String]) throws {
        try #require(result.status == 0, "exit \(result.status): \(result.standardOutput.suffix(2000))\(result.standardError.suffix(2000))")
        let report = try MergeLegacyTests.json(result)
        #expect(report["verified"] as? Bool == true)
        let tables = try #require(report["tables"] as? [[String: Any]])
        #expect(tables.count == 40, "the 40 tables 2.6.0 and 4.7.0 share")
        for table in tables {
            let source = table["source"] as? [String: Any]
            let merged = table["target"] as? [String: Any]
            #expect(source?["hash"] as? String == merged?["hash"] as? String, "\(table["table"] ?? "?")")
        }
        let drift = try BuiltBinary.wso2db("drift", "shared", "--url", target)
        #expect(drift.status == 0, "\(drift.standardOutput.prefix(2000))\(drift.standardError)")
        if target.hasPrefix("mysql:") {
            let script = try BuiltBinary.wso2db(
                "drift", "shared", "--url", target, "--expected-sql", MySQLCommandTests.reference("shared-mysql-kernel-v4.11.18.sql"))
            #expect(script.status == 0, "\(script.standardOutput.prefix(2000))\(script.standardError)")
            // The counterpart of sequences: every AUTO_INCREMENT counter past the largest id copied.
            let connection = try open(target)
            let counters = try connection.query(
                """
                SELECT t.TABLE_NAME, c.COLUMN_NAME, t.AUTO_INCREMENT FROM information_schema.TABLES t
                  JOIN information_schema.COLUMNS c ON c.TABLE_SCHEMA = t.TABLE_SCHEMA AND c.TABLE_NAME = t.TABLE_NAME AND c.EXTRA LIKE '%auto_increment%'
                 WHERE t.TABLE_SCHEMA = DATABASE()
                """
            ).rows
            #expect(counters.count > 30)
            for row in counters {
                let (table, column, next) = (row[0].textValue!, row[1].textValue!, row[2].integerValue ?? 0)
                let largest = try connection.query("SELECT COALESCE(MAX(`\(column)`), 0) FROM `\(table)`").rows.first?.first?.integerValue ?? 0
                #expect(next > largest, "\(table).\(column): AUTO_INCREMENT \(next), largest id \(largest)")
            }
        }
        for (url, prefix) in [(sources.um, "UM_"), (sources.reg, "REG_")] {
            let expected = try rows(url, prefix: prefix)
            let found = try rows(target, prefix: prefix)
            for (table, values) in expected where found[table] != values {
                Issue.record("\(table): \(MergeLegacyTests.difference(values, found[table] ?? []))")
            }
        }
        #expect(try [fingerprint(sources.um), fingerprint(sources.reg)] == before, "the sources are unchanged")
    }

    @Test(
        "generated legacy data merges with MySQL on either side, verified by the same canonical hash",
        arguments: [(Engine.mysql, Engine.mysql), (.mysql, .postgres), (.postgres, .mysql), (.mysql, .sqlite), (.sqlite, .mysql)])
    func merge(sources engine: Engine, target targetEngine: Engine) throws {
        let sources = try Self.sources(engine)
        let before = [try Self.fingerprint(sources.um), try Self.fingerprint(sources.reg)]
        let target = try Self.emptyDatabase(targetEngine, legacy: false)
        try Self.checkMerged(try Self.merge(sources, to: target), sources, target: target, before: before)
    }

    /// Changes the awkward values a MySQL 4.7.0 database cannot hold, on the sources, as a DBA would after
    /// the refusal: the emoji in paths (REG_PATH_VALUE is latin1 in WSO2's MySQL script) and paths longer
    /// than its 750 characters, and where the source holds them, timestamps with fractions of a second or
    /// outside MySQL's TIMESTAMP range.
    static func fitForMySQL(_ sources: (um: String, reg: String)) throws {
        for (url, prefix) in [(sources.um, "UM_"), (sources.reg, "REG_")] {
            try {
                let connection = try open(url, read: false)
                let quote = connection.dialect.quote
                if prefix == "REG_" {
                    // And no longer than the 750 characters of WSO2's MySQL REG_PATH_VALUE (2000 elsewhere).
                    let path = quote("REG_PATH_VALUE")
                    try connection.execute("UPDATE \(quote("REG_PATH")) SET \(path) = REPLACE(\(path), '😀', ':)')")
                    try connection.execute("UPDATE \(quote("REG_PATH")) SET \(path) = substr(\(path), 1, 700) WHERE length(\(path)) > 750")
                }
                guard connection.storedValueRules.timestampRange == nil else { return }
                let changed = zip(AwkwardLegacyData.stamps, AwkwardLegacyData.mysqlStamps).filter { $0 != $1 }
                for table in MergeLegacyTests.legacy.tables where table.name.hasPrefix(prefix) {
                    for column in table.columns where ValueKind(column.type) == .timestamp {
                        for (old, new) in changed {
                            try connection.execute(
                                "UPDATE \(quote(table.name)) SET \(quote(column.name)) = '\(new)' WHERE \(quote(column.name)) = '\(old)'")
                        }
                    }
                }
            }()
        }
    }

    @Test(
        "the PostgreSQL merge tests' awkward rows from a MySQL source into PostgreSQL and SQLite: verified by the same canonical hash",
        arguments: [Engine.postgres, .sqlite])
    func awkwardFromMySQL(target targetEngine: Engine) throws {
        let sources = try Self.awkwardSources(.mysql)
        let before = [try Self.fingerprint(sources.um), try Self.fingerprint(sources.reg)]
        let target = try Self.emptyDatabase(targetEngine, legacy: false)
        try Self.checkMerged(try Self.merge(sources, to: target), sources, target: target, before: before)
    }

    @Test(
        "the awkward rows into MySQL: what its 4.7.0 columns cannot hold is refused before the first write, rows named; fitted, they merge verified",
        arguments: [Engine.mysql, .postgres, .sqlite])
    func awkwardIntoMySQL(sources engine: Engine) throws {
        let sources = try Self.awkwardSources(engine)
        let target = try Self.emptyDatabase(.mysql, legacy: false)
        let refused = try Self.merge(sources, to: target)
        #expect(refused.status == 2, "\(refused.standardOutput.suffix(1000))\(refused.standardError.suffix(2000))")
        let lines = refused.standardError.split(separator: "\n")
        // Paths 3 and 4 of each of the three tenants hold an emoji; REG_PATH_VALUE is latin1 in WSO2's MySQL script.
        let paths = lines.filter { $0.contains("REG_PATH (REG_PATH_ID=") && $0.contains("U+1F600") }
        #expect(paths.count == 6, "\(refused.standardError.suffix(3000))")
        if engine != .mysql {
            // REG_RATING 2 and 3 of each tenant: rated at 2020-02-29 12:00:00.5 and 1970-01-01 00:00:00 (`time(id)`).
            let ratings = lines.filter { $0.contains("REG_RATING (REG_ID=") && $0.contains("REG_RATED_TIME") }
            #expect(ratings.contains { $0.contains("'2020-02-29 12:00:00.5' has 1 digits of a second") }, "\(refused.standardError.suffix(3000))")
            #expect(ratings.contains { $0.contains("'1970-01-01 00:00:00' is outside what a TIMESTAMP column of MySQL holds") })
        }
        let server = try LocalMariaDB.shared()
        #expect(try server.mariadb(database: MySQLTrapsTests.database(target), command: "SHOW TABLES").isEmpty, "nothing was written")

        try Self.fitForMySQL(sources)
        let before = [try Self.fingerprint(sources.um), try Self.fingerprint(sources.reg)]
        try Self.checkMerged(try Self.merge(sources, to: target), sources, target: target, before: before)
    }

    @Test("two merges into one MySQL target at once: one merges, the other is refused by the lock; the result verifies")
    func concurrent() async throws {
        let sources = try Self.sources(.mysql)
        let before = [try Self.fingerprint(sources.um), try Self.fingerprint(sources.reg)]
        let target = try Self.emptyDatabase(.mysql, legacy: false)
        async let first = Self.merge(sources, to: target)
        async let second = Self.merge(sources, to: target)
        let results = try await [first, second]
        let merged = try #require(results.first { $0.status == 0 }, "\(results.map(\.standardError))")
        for result in results where result.status != 0 {
            #expect(result.standardError.contains("another wso2db run") || result.standardError.contains("not empty"), "\(result.standardError)")
        }
        try Self.checkMerged(merged, sources, target: target, before: before)
    }

    @Test("fractional seconds a PostgreSQL source holds and MySQL's whole-second columns cannot: refused before the first write, rows named")
    func fractionalSecondsRefused() throws {
        let sources = try Self.sources(.postgres)
        let um = try Self.open(sources.um, read: false)
        try um.execute("UPDATE um_user SET um_changed_time = '2019-03-01 10:15:00.25' WHERE um_id = (SELECT min(um_id) FROM um_user)")
        let target = try Self.emptyDatabase(.mysql, legacy: false)
        let result = try Self.merge(sources, to: target)
        #expect(result.status == 2, "\(result.standardOutput.suffix(1000))\(result.standardError.suffix(2000))")
        #expect(result.standardError.contains("UM_USER") && result.standardError.contains("digits of a second"), "\(result.standardError)")
        let name = String(target.split(separator: "/").last!)
        #expect(try LocalMariaDB.shared().mariadb(database: name, command: "SHOW TABLES").isEmpty, "nothing was written")
    }

    @Test("a MySQL source loaded with FOREIGN_KEY_CHECKS = 0 (as a dump restores) holding a row that points nowhere: refused before the first write, the row named")
    func brokenForeignKeyInMySQLSourceRefused() throws {
        let sources = try Self.sources(.mysql)
        let um = try Self.open(sources.um, read: false)
        // A role assignment to a user that is not there, let in with the server's checks off.
        try um.execute("SET FOREIGN_KEY_CHECKS = 0; UPDATE UM_USER_ROLE SET UM_USER_ID = 987654 WHERE UM_ID = (SELECT min(UM_ID) FROM (SELECT UM_ID FROM UM_USER_ROLE) r); SET FOREIGN_KEY_CHECKS = 1")
        for target in [try Self.emptyDatabase(.mysql, legacy: false), try Self.emptyDatabase(.postgres, legacy: false)] {
            let result = try Self.merge(sources, to: target)
            #expect(result.status == 2, "\(result.standardOutput.suffix(1000))\(result.standardError.suffix(2000))")
            #expect(
                result.standardError.contains("UM_USER_ROLE") && result.standardError.contains("987654") && result.standardError.contains("has no match"),
                "\(result.standardError)")
            #expect(try Self.open(target).existingObjects().isEmpty, "nothing was written to \(target)")
        }
    }
}
