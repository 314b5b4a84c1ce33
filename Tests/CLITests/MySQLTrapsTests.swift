import Foundation
import LocalMariaDB
import LocalPostgres
import SQLDriver
import Testing

/// The MySQL traps of a merge, each against a real MariaDB server: `REG_PATH_VALUE`'s `latin1_general_cs`,
/// utf8mb3 and 4-byte characters, a lax `sql_mode` (zero dates, truncated values), `TINYINT(1)`
/// booleans, and a merge killed while it creates the MySQL target's tables.
@Suite("merge-legacy and MySQL's traps")
struct MySQLTrapsTests {
    typealias Engine = MySQLMergeTests.Engine

    static func database(_ url: String) -> String { String(url.split(separator: "/").last!) }

    /// Runs SQL on a database of the shared server through the `mariadb` client, as a DBA would;
    /// `lax` in a session without strict mode, as a server with an old `sql_mode` wrote its rows.
    @discardableResult
    static func mariadb(_ url: String, _ sql: String, lax: Bool = false) throws -> String {
        try LocalMariaDB.shared().mariadb(database: database(url), command: (lax ? "SET SESSION sql_mode = ''; " : "") + sql)
    }

    @Test(
        "text a MySQL target column's character set cannot hold: refused before the first write, table, key and column named",
        arguments: [(Engine.postgres, "latin1"), (.sqlite, "utf8mb3")])
    func unholdableText(source engine: Engine, characterSet: String) throws {
        let sources = try MySQLMergeTests.sources(engine)
        let server = try LocalMariaDB.shared()
        let target: String
        let (table, key, column, character): (String, String, String, String)
        if characterSet == "latin1" {
            // REG_PATH_VALUE is latin1 in WSO2's MySQL script, whatever the database's character set.
            target = try MySQLMergeTests.emptyDatabase(.mysql, legacy: false)
            try MySQLMergeTests.open(sources.reg, read: false).execute(
                "UPDATE REG_PATH SET REG_PATH_VALUE = '/_system/governance/中文' WHERE REG_PATH_ID = (SELECT min(REG_PATH_ID) FROM REG_PATH)")
            (table, key, column, character) = ("REG_PATH", "REG_PATH_ID=", "REG_PATH_VALUE", "U+4E2D")
        } else {
            // A database in utf8mb3 makes every column of the target utf8mb3: no character beyond U+FFFF.
            target = server.url(database: try server.createDatabase(prefix: "target", characterSet: characterSet))
            try MySQLMergeTests.open(sources.um, read: false).execute(
                "UPDATE UM_USER SET UM_USER_NAME = 'smile😀' WHERE UM_ID = (SELECT min(UM_ID) FROM UM_USER)")
            (table, key, column, character) = ("UM_USER", "UM_ID=", "UM_USER_NAME", "U+1F600")
        }
        let result = try MySQLMergeTests.merge(sources, to: target)
        #expect(result.status == 2, "\(result.standardOutput.suffix(1000))\(result.standardError.suffix(2000))")
        let line = result.standardError.split(separator: "\n").first { $0.contains(character) }.map(String.init) ?? ""
        #expect(
            line.contains("\(table) (\(key)") && line.contains(column) && line.contains("character set \(characterSet)"),
            "\(result.standardError.suffix(3000))")
        #expect(try server.mariadb(database: Self.database(target), command: "SHOW TABLES").isEmpty, "nothing was written")
    }

    @Test(
        "user names a PostgreSQL or SQLite source keeps apart and a MySQL utf8mb4_general_ci key makes one (case, accents, trailing spaces): refused before the first write, rows named",
        arguments: [(Engine.postgres, "CaseUser", "caseuser"), (.sqlite, "Émile", "emile ")])
    func keyFoldedByTarget(source engine: Engine, name: String, other: String) throws {
        let sources = try MySQLMergeTests.sources(engine)
        let source = try MySQLMergeTests.open(sources.um, read: false)
        let users = try source.query("SELECT UM_ID, UM_TENANT_ID FROM UM_USER ORDER BY UM_TENANT_ID, UM_ID").rows
        let tenant = try #require(users.first?[1].integerValue)
        let ids = users.filter { $0[1].integerValue == tenant }.prefix(2).compactMap { $0[0].integerValue }
        try #require(ids.count == 2)
        let (first, second) = (source.dialect.placeholder(1), source.dialect.placeholder(2))
        for (value, id) in [(name, ids[0]), (other, ids[1])] {
            try source.run(SQLStatement("UPDATE UM_USER SET UM_USER_NAME = \(first) WHERE UM_ID = \(second)", [.text(value), .integer(id)]))
        }
        let server = try LocalMariaDB.shared()
        let target = server.url(database: try server.createDatabase(prefix: "target", characterSet: "utf8mb4", collation: "utf8mb4_general_ci"))

        let result = try MySQLMergeTests.merge(sources, to: target)
        #expect(result.status == 2, "\(result.standardOutput.suffix(1000))\(result.standardError.suffix(2000))")
        let line = result.standardError.split(separator: "\n").first { $0.contains("UM_USER:") }.map(String.init) ?? ""
        #expect(
            line.contains("UNIQUE (UM_USER_NAME, UM_TENANT_ID)") && line.contains(", \(tenant)) 2 times")
                && (line.contains("'\(name)'") || line.contains("'\(other)'")),
            "\(result.standardError.suffix(3000))")
        #expect(try server.mariadb(database: Self.database(target), command: "SHOW TABLES").isEmpty, "nothing was written")
    }

    @Test(
        "a MySQL source's paths differing only in case, latin1 and 4-byte characters, TINYINT(1) booleans and values a lax server truncated: merged into MySQL, PostgreSQL and SQLite as they are"
    )
    func awkwardMySQLSource() throws {
        let sources = try MySQLMergeTests.sources(.mysql)
        try Self.mariadb(
            sources.reg,
            """
            INSERT INTO REG_PATH (REG_PATH_VALUE, REG_PATH_PARENT_ID, REG_TENANT_ID)
              SELECT CONCAT('/_system/traps/', v), NULL, t FROM (SELECT MIN(REG_TENANT_ID) t FROM REG_PATH) x,
                (SELECT 'Case' v UNION ALL SELECT 'case' UNION ALL SELECT 'CASE' UNION ALL SELECT 'café €ŒŸ') y
            """)
        try Self.mariadb(
            sources.um,
            """
            UPDATE UM_USER_ATTRIBUTE SET UM_ATTR_VALUE = 'smile 😀 𝄞' WHERE UM_ID = (SELECT m FROM (SELECT MIN(UM_ID) m FROM UM_USER_ATTRIBUTE) x);
            UPDATE UM_USER_ATTRIBUTE SET UM_ATTR_VALUE = REPEAT('x', 2000) WHERE UM_ID = (SELECT m FROM (SELECT MAX(UM_ID) m FROM UM_USER_ATTRIBUTE) x);
            UPDATE UM_USER SET UM_REQUIRE_CHANGE = 1 WHERE MOD(UM_ID, 3) = 0;
            UPDATE UM_USER SET UM_REQUIRE_CHANGE = 0 WHERE MOD(UM_ID, 3) <> 0
            """, lax: true)
        // A lax server kept the first 1024 characters of the 2000, with a warning: that is the value now.
        #expect(try Self.mariadb(sources.um, "SELECT MAX(CHAR_LENGTH(UM_ATTR_VALUE)) FROM UM_USER_ATTRIBUTE") == "1024\n")
        let flagged = Int(try Self.mariadb(sources.um, "SELECT COUNT(*) FROM UM_USER WHERE UM_REQUIRE_CHANGE = 1").trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
        #expect(flagged > 0)
        // UM_USER_ATTRIBUTE's lowest UM_ID is a row in each tenant.
        let smiles = try Self.mariadb(sources.um, "SELECT COUNT(*) FROM UM_USER_ATTRIBUTE WHERE BINARY UM_ATTR_VALUE = 'smile 😀 𝄞'")
        #expect(Int64(smiles.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0 > 0)
        let before = [try MySQLMergeTests.fingerprint(sources.um), try MySQLMergeTests.fingerprint(sources.reg)]

        for engine in [Engine.mysql, .postgres, .sqlite] {
            let target = try MySQLMergeTests.emptyDatabase(engine, legacy: false)
            try MySQLMergeTests.checkMerged(try MySQLMergeTests.merge(sources, to: target), sources, target: target, before: before)
            let connection = try MySQLMergeTests.open(target)
            let paths = try connection.query("SELECT REG_PATH_VALUE FROM REG_PATH WHERE REG_PATH_VALUE LIKE '/_system/traps/%'").rows
                .compactMap { $0.first?.textValue }
            #expect(Set(paths) == ["/_system/traps/Case", "/_system/traps/case", "/_system/traps/CASE", "/_system/traps/café €ŒŸ"], "\(engine)")
            let emoji = try connection.query("SELECT COUNT(*) FROM UM_USER_ATTRIBUTE WHERE UM_ATTR_VALUE = 'smile 😀 𝄞'").rows.first?.first
            #expect(emoji?.integerValue == Int64(smiles.trimmingCharacters(in: .whitespacesAndNewlines)), "\(engine)")
            // A boolean arrives as one: TRUE in PostgreSQL, 1 in MySQL's TINYINT(1) and in SQLite.
            let condition = engine == .postgres ? "UM_REQUIRE_CHANGE" : "UM_REQUIRE_CHANGE = 1"
            let count = try connection.query("SELECT COUNT(*) FROM UM_USER WHERE \(condition)").rows.first?.first?.integerValue
            #expect(count == Int64(flagged), "\(engine): booleans")
        }
    }

    @Test("zero dates in a lax MySQL source: carried into MySQL and SQLite as they are, refused for PostgreSQL before the first write, rows named")
    func zeroDates() throws {
        let sources = try MySQLMergeTests.sources(.mysql)
        // UM_USER's key is (UM_ID, UM_TENANT_ID): the lowest UM_ID is a row in each tenant.
        try Self.mariadb(
            sources.um, "UPDATE UM_USER SET UM_CHANGED_TIME = '0000-00-00 00:00:00' WHERE UM_ID = (SELECT m FROM (SELECT MIN(UM_ID) m FROM UM_USER) x)",
            lax: true)
        let zero = "WHERE UM_CHANGED_TIME = '0000-00-00 00:00:00'"
        let rows = try Self.mariadb(sources.um, "SELECT COUNT(*), MIN(UM_ID), MIN(UM_TENANT_ID) FROM UM_USER \(zero)")
            .trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\t").map { Int64($0) ?? 0 }
        try #require(rows.count == 3 && rows[0] > 0, "the lax server kept the zero dates: \(rows)")
        let (count, id, tenant) = (rows[0], rows[1], rows[2])
        let before = [try MySQLMergeTests.fingerprint(sources.um), try MySQLMergeTests.fingerprint(sources.reg)]

        let postgres = try MySQLMergeTests.emptyDatabase(.postgres, legacy: false)
        let refused = try MySQLMergeTests.merge(sources, to: postgres)
        #expect(refused.status == 2, "\(refused.standardOutput.suffix(1000))\(refused.standardError.suffix(2000))")
        #expect(
            refused.standardError.contains("UM_USER (UM_ID=\(id), UM_TENANT_ID=\(tenant)) UM_CHANGED_TIME: '0000-00-00 00:00:00' is a zero date"),
            "\(refused.standardError.suffix(2000))")
        let tables = try MySQLMergeTests.open(postgres).query(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'").rows.first?.first?.integerValue
        #expect(tables == 0, "nothing was written")

        for engine in [Engine.mysql, .sqlite] {
            let target = try MySQLMergeTests.emptyDatabase(engine, legacy: false)
            try MySQLMergeTests.checkMerged(try MySQLMergeTests.merge(sources, to: target), sources, target: target, before: before)
            let kept = try MySQLMergeTests.open(target).query("SELECT COUNT(*) FROM UM_USER \(zero)")
            #expect(kept.rows.first?.first?.integerValue == count, "\(engine)")
        }
    }

    @Test("a merge into MySQL SIGKILLed while it creates the target's tables: the rerun goes on from there and verifies")
    func killedWhileCreating() throws {
        let sources = try MySQLMergeTests.sources(.sqlite)
        let before = [try MySQLMergeTests.fingerprint(sources.um), try MySQLMergeTests.fingerprint(sources.reg)]
        let target = try MySQLMergeTests.emptyDatabase(.mysql, legacy: false)
        // Killed as the phase shows, by its own progress, not the clock: MySQL commits each CREATE by itself.
        let run = try BuiltBinary.wso2db(
            ["merge-legacy", "--um", sources.um, "--reg", sources.reg, "--to", target, "--format", "json"],
            killWhen: { $0.contains("creating WSO2_SHARED_DB") })
        #expect(run.status == 137, "killed while creating: \(run.standardError.suffix(2000))")
        let left = try Self.mariadb(target, "SHOW TABLES").split(separator: "\n").filter { !$0.hasPrefix("wso2db_") }
        let again = try MySQLMergeTests.merge(sources, to: target)
        try MySQLMergeTests.checkMerged(again, sources, target: target, before: before)
        if run.status == 137 && !left.isEmpty {
            #expect(try MergeLegacyTests.json(again)["resumed"] as? Bool == true, "\(left.count) tables were there: \(again.standardError)")
        }
    }

    @Test(
        "a server with lower_case_table_names=1 and time_zone +05:30: create, drift, migrate, status and merge work and report correctly; TIMESTAMPs unshifted"
    )
    func lowerCaseNamesAndTimeZone() throws {
        // One server of this suite's own: both settings take effect only when a server starts.
        let server = try LocalMariaDB.startPrivate(serverOptions: ["--lower-case-table-names=1", "--default-time-zone=+05:30"])
        #expect(try server.mariadb(command: "SELECT @@lower_case_table_names, @@global.time_zone") == "1\t+05:30\n")
        @discardableResult func run(_ arguments: String...) throws -> Subprocess.Result {
            let result = try BuiltBinary.wso2db(arguments)
            #expect(result.status == 0, "\(arguments.prefix(2)): \(result.standardOutput.suffix(1500))\(result.standardError.suffix(1500))")
            return result
        }

        let shared = server.url(database: try server.createDatabase(prefix: "shared"))
        try run("create", "shared", "--url", shared)
        #expect(try server.mariadb(database: Self.database(shared), command: "SHOW TABLES LIKE 'um_user'") == "um_user\n", "stored in lower case")
        try run("drift", "shared", "--url", shared)
        let old = server.url(database: try server.createDatabase(prefix: "old"))
        try run("create", "um", "--version", "2.6.0", "--url", old)
        try run("migrate", "shared", "--url", old)
        let status = try run("status", "shared", "--url", old)
        #expect(status.standardOutput.contains("4.7.0"), "\(status.standardOutput)")
        try run("drift", "shared", "--url", old)

        let (um, reg) = (server.url(database: try server.createDatabase(prefix: "um")), server.url(database: try server.createDatabase(prefix: "reg")))
        let generated = try Subprocess.run(BuiltBinary.path("wso2db-generate"), ["--um", um, "--reg", reg, "--scale", "1"])
        try #require(generated.status == 0, "\(generated.standardError)")
        // Written in the server's +05:30: 10:15 there is 04:45 UTC, which a TIMESTAMP stores.
        let id = try server.mariadb(database: Self.database(um), command: "SELECT MIN(UM_ID) FROM UM_USER").trimmingCharacters(in: .whitespacesAndNewlines)
        try server.mariadb(database: Self.database(um), command: "UPDATE UM_USER SET UM_CHANGED_TIME = '2019-03-01 10:15:00' WHERE UM_ID = \(id)")
        let sqlite = try MySQLMergeTests.emptyDatabase(.sqlite, legacy: false)
        for target in [server.url(database: try server.createDatabase(prefix: "target")), sqlite] {
            let result = try BuiltBinary.wso2db(["merge-legacy", "--um", um, "--reg", reg, "--to", target, "--format", "json"])
            try #require(result.status == 0, "\(result.standardOutput.suffix(1500))\(result.standardError.suffix(1500))")
            let report = try MergeLegacyTests.json(result)
            #expect(report["verified"] as? Bool == true)
            let tables = try #require(report["tables"] as? [[String: Any]])
            #expect(tables.count == 40)
            for table in tables {
                let hashes = ["source", "target"].map { (table[$0] as? [String: Any])?["hash"] as? String }
                #expect(hashes[0] != nil && hashes[0] == hashes[1], "\(table["table"] ?? "?")")
            }
            try run("drift", "shared", "--url", target)
        }
        // The same instant in the MySQL target, seen from the server's zone as it was written; UTC in SQLite.
        let mysqlTarget = try server.mariadb(command: "SHOW DATABASES LIKE 'target%'").trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(
            try server.mariadb(database: mysqlTarget, command: "SELECT DISTINCT UM_CHANGED_TIME FROM UM_USER WHERE UM_ID = \(id)") == "2019-03-01 10:15:00\n")
        let utc = try MySQLMergeTests.open(sqlite).query("SELECT DISTINCT UM_CHANGED_TIME FROM UM_USER WHERE UM_ID = \(id)").rows.first?.first?.textValue
        #expect(utc?.hasPrefix("2019-03-01 04:45:00") == true, "\(utc ?? "nil")")
    }
}
