import Foundation
import LocalMariaDB
import LocalPostgres
import Testing

/// Every command on MySQL, through the built `wso2db` against the suite's real MariaDB: the same
/// reports and exit codes as on PostgreSQL.
@Suite("wso2db on MySQL")
struct MySQLCommandTests {
    static func reference(_ script: String) -> String {
        GeneratedCatalogTests.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/reference/wso2/\(script)").path
    }

    /// A fresh database and its `mysql://` URL.
    static func database(_ prefix: String, characterSet: String? = nil) throws -> (name: String, url: String) {
        let server = try LocalMariaDB.shared()
        let name = try server.createDatabase(prefix: prefix, characterSet: characterSet)
        return (name, server.url(database: name))
    }

    @Test(
        "create on MySQL builds what WSO2's MySQL script builds, table for table; drift, detect and status agree; a second create is refused",
        arguments: [
            ("shared", "4.7.0", "shared-mysql-kernel-v4.11.18.sql", nil),
            ("am", "4.7.0", "apimgt-mysql-carbon-apimgt-v9.33.122-apim-4.7.0.sql", nil),
            ("am", "4.5.0", "apimgt-mysql-carbon-apimgt-v9.31.86-apim-4.5.0.sql", "latin1"),
        ] as [(String, String, String, String?)])
    func create(database: String, version: String, script: String, characterSet: String?) throws {
        let server = try LocalMariaDB.shared()
        let built = try Self.database("create", characterSet: characterSet)
        let create = try BuiltBinary.wso2db("create", database, "--version", version, "--url", built.url)
        #expect(create.status == 0, "\(create.standardError)")
        #expect(!create.standardOutput.contains(LocalMariaDB.testPassword) && !create.standardError.contains(LocalMariaDB.testPassword))

        let wso2 = try Self.database("wso2", characterSet: characterSet)
        try server.mariadb(database: wso2.name, file: Self.reference(script))
        let expected = try server.createTableStatements(database: wso2.name)
        let actual = try server.createTableStatements(database: built.name).filter { !$0.key.hasPrefix("wso2db_") }
        #expect(expected.count > 30 && actual.keys.sorted() == expected.keys.sorted())
        for (table, text) in expected.sorted(by: { $0.key < $1.key }) {
            #expect(actual[table] == text, "\(table)")
        }

        for url in [built.url, wso2.url] {
            let drift = try BuiltBinary.wso2db("drift", database, "--version", version, "--url", url)
            #expect(drift.status == 0, "\(drift.standardOutput)\(drift.standardError)")
            #expect(drift.standardOutput.hasPrefix("no drift"))
            let detect = try BuiltBinary.wso2db("detect", "--url", url)
            #expect(detect.status == 0 && detect.standardOutput.contains("0 differences"), "\(detect.standardOutput)\(detect.standardError)")
        }
        if database == "shared" {
            let status = try BuiltBinary.wso2db("status", "shared", "--url", built.url)
            #expect(status.status == 0 && status.standardOutput.contains("is at 4.7.0 (by its wso2db history)"), "\(status.standardOutput)")
        }
        let again = try BuiltBinary.wso2db("create", database, "--version", version, "--url", built.url)
        #expect(again.status == 2 && again.standardError.contains("nothing was changed"), "\(again.standardError)")
    }

    @Test("drift --expected-sql runs WSO2's MySQL script in a scratch database and holds the database against it")
    func expectedSQL() throws {
        let built = try Self.database("expected")
        #expect(try BuiltBinary.wso2db("create", "shared", "--url", built.url).status == 0)
        let drift = try BuiltBinary.wso2db("drift", "shared", "--url", built.url, "--expected-sql", Self.reference("shared-mysql-kernel-v4.11.18.sql"))
        #expect(drift.status == 0, "\(drift.standardOutput)\(drift.standardError)")
        let scratch = try LocalMariaDB.shared().mariadb(command: "SHOW DATABASES LIKE 'wso2db\\_scratch%'")
        #expect(scratch.isEmpty, "the scratch database is dropped again: \(scratch)")
    }

    @Test("drift finds a dropped index, a changed type, a changed collation, a dropped foreign key and an extra column; --fix-sql repairs them")
    func driftAndRepair() throws {
        let server = try LocalMariaDB.shared()
        let built = try Self.database("mutated")
        try server.mariadb(database: built.name, file: Self.reference("shared-mysql-kernel-v4.11.18.sql"))
        try server.mariadb(
            database: built.name,
            command: """
                DROP INDEX REG_LOG_IND_BY_REGLOG ON REG_LOG;
                ALTER TABLE REG_LOG MODIFY REG_ACTION_DATA VARCHAR(400);
                ALTER TABLE REG_PATH MODIFY REG_PATH_VALUE VARCHAR(750) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci NOT NULL;
                ALTER TABLE REG_RESOURCE DROP FOREIGN KEY REG_RESOURCE_FK_BY_CONTENT_ID;
                ALTER TABLE UM_USER ADD COLUMN EXTRA_NOTE VARCHAR(10)
                """)
        let drift = try BuiltBinary.wso2db("drift", "shared", "--url", built.url)
        #expect(drift.status == 1, "\(drift.standardError)")
        for object in ["REG_LOG_IND_BY_REGLOG", "REG_LOG.REG_ACTION_DATA", "REG_PATH.REG_PATH_VALUE", "REG_RESOURCE_FK_BY_CONTENT_ID", "UM_USER.EXTRA_NOTE"] {
            #expect(drift.standardOutput.contains(object), "\(object) in \(drift.standardOutput)")
        }
        let fix = try BuiltBinary.wso2db("drift", "shared", "--url", built.url, "--fix-sql", "--allow-destructive")
        #expect(fix.standardOutput.contains("ALTER TABLE `UM_USER` DROP COLUMN `EXTRA_NOTE`"), "\(fix.standardOutput)\(fix.standardError)")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("wso2db-fix-\(UUID().uuidString).sql").path
        try fix.standardOutput.write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        try server.mariadb(database: built.name, file: file)
        let after = try BuiltBinary.wso2db("drift", "shared", "--url", built.url)
        #expect(after.status == 0, "\(after.standardOutput)")
    }

    /// A legacy 2.6.0 UM/REG database built by WSO2's MySQL script, in latin1 as WSO2's guide makes
    /// it, with rows in a key-less table the 4.7.0 step gives an ID.
    static func legacyWithRows() throws -> (name: String, url: String) {
        let server = try LocalMariaDB.shared()
        let legacy = try database("legacy", characterSet: "latin1")
        try server.mariadb(database: legacy.name, file: reference("legacy-um-reg-mysql-kernel-v4.4.35.sql"))
        try server.mariadb(
            database: legacy.name,
            command: """
                INSERT INTO REG_PATH (REG_PATH_VALUE, REG_PATH_PARENT_ID, REG_TENANT_ID) VALUES ('/', NULL, 0), ('/_system', 1, 0);
                INSERT INTO REG_TAG (REG_TAG_NAME, REG_USER_ID, REG_TAGGED_TIME, REG_TENANT_ID) VALUES ('t', 'admin', '2019-03-01 10:15:00', 0);
                INSERT INTO REG_RESOURCE_TAG (REG_TAG_ID, REG_PATH_ID, REG_RESOURCE_NAME, REG_TENANT_ID) VALUES (1, 1, 'r', 0), (1, 2, 's', 0);
                INSERT INTO UM_DOMAIN (UM_DOMAIN_NAME, UM_TENANT_ID) VALUES ('PRIMARY', -1234)
                """)
        return legacy
    }

    @Test("migrate 2.6.0 → 4.7.0 on MySQL with data: history, no drift after, rows kept and numbered")
    func migrateWithData() throws {
        let server = try LocalMariaDB.shared()
        let legacy = try Self.legacyWithRows()
        let status = try BuiltBinary.wso2db("status", "shared", "--url", legacy.url)
        #expect(status.status == 0 && status.standardOutput.contains("pending  4.7.0"), "\(status.standardOutput)\(status.standardError)")
        let migrate = try BuiltBinary.wso2db("migrate", "shared", "--url", legacy.url)
        #expect(migrate.status == 0, "\(migrate.standardError)")
        #expect(migrate.standardOutput.contains("is at 4.7.0"))
        let drift = try BuiltBinary.wso2db("drift", "shared", "--url", legacy.url)
        #expect(drift.status == 0, "\(drift.standardOutput)")
        let rows = try server.mariadb(database: legacy.name, command: "SELECT ID, REG_RESOURCE_NAME FROM REG_RESOURCE_TAG ORDER BY ID")
        #expect(rows == "1\tr\n2\ts\n")
        let history = try BuiltBinary.wso2db("status", "shared", "--url", legacy.url)
        #expect(history.standardOutput.contains("migrate  4.7.0") && history.standardOutput.contains("up to date"), "\(history.standardOutput)")
        let again = try BuiltBinary.wso2db("migrate", "shared", "--url", legacy.url)
        #expect(again.status == 0, "\(again.standardError)")
    }

    @Test("migrate on MySQL killed with SIGKILL inside a step goes on from the journal when run again")
    func migrateResumesAfterKill() throws {
        let server = try LocalMariaDB.shared()
        var killedInsideAStep = false
        // Killed once the journal holds the given number of statements: inside a step, however fast the machine.
        for statements in [1, 4, 12] {
            let legacy = try Self.legacyWithRows()
            let killed = try BuiltBinary.wso2db(
                ["migrate", "shared", "--url", legacy.url, "--verbose"], killWhen: BuiltBinary.afterJournalled(statements))
            #expect(killed.status == 128 + 9, "killed after \(statements) statement(s): \(killed.standardError.suffix(500))")
            let journal = try server.mariadb(database: legacy.name, command: "SELECT COUNT(*) FROM wso2db_ddl_journal")
            killedInsideAStep = killedInsideAStep || journal != "0\n"
            let rerun = try BuiltBinary.wso2db("migrate", "shared", "--url", legacy.url)
            #expect(rerun.status == 0, "after a kill after \(statements) statement(s): \(rerun.standardError)")
            let drift = try BuiltBinary.wso2db("drift", "shared", "--url", legacy.url)
            #expect(drift.status == 0, "after a kill after \(statements) statement(s): \(drift.standardOutput)")
            #expect(try server.mariadb(database: legacy.name, command: "SELECT ID, REG_RESOURCE_NAME FROM REG_RESOURCE_TAG ORDER BY ID") == "1\tr\n2\ts\n")
        }
        #expect(killedInsideAStep, "a kill left journalled statements behind")
    }

    @Test("create am on MySQL killed with SIGKILL part-way goes on from the journal when run again: no drift, stamped once")
    func createResumesAfterKill() throws {
        let server = try LocalMariaDB.shared()
        let total = try BuiltBinary.wso2db("ddl", "am", "--dialect", "mysql").standardOutput.components(separatedBy: "CREATE TABLE").count - 1
        var killedPartWay = false
        // The kill lands wherever the run is at that moment; until one lands with some tables made and others not.
        for milliseconds in [1200, 2500, 600, 4000] where !killedPartWay {
            let built = try Self.database("killed", characterSet: "latin1")
            let killed = try BuiltBinary.wso2db(["create", "am", "--url", built.url], killAfter: .milliseconds(milliseconds))
            guard killed.status == 128 + 9 else { continue }
            let tables = Int(
                try server.mariadb(
                    database: built.name,
                    command: "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME NOT LIKE 'wso2db\\_%'"
                ).trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
            killedPartWay = tables > 0 && tables < total
            let rerun = try BuiltBinary.wso2db("create", "am", "--url", built.url)
            #expect(rerun.status == 0, "after a kill at \(milliseconds) ms with \(tables) of \(total) tables made: \(rerun.standardError)")
            let drift = try BuiltBinary.wso2db("drift", "am", "--url", built.url)
            #expect(drift.status == 0, "after a kill at \(milliseconds) ms: \(drift.standardOutput)")
            #expect(try server.mariadb(database: built.name, command: "SELECT COUNT(*) FROM wso2db_ddl_journal") == "0\n")
            let history = try server.mariadb(database: built.name, command: "SELECT kind, version FROM wso2db_schema_history")
            #expect(history == "create\t4.7.0\n", "stamped once: \(history)")
        }
        #expect(killedPartWay, "no kill landed part-way through the \(total) tables")
    }

    @Test("two migrate runs at once on MySQL: one waits for or is refused by the other's GET_LOCK, and the database ends migrated once")
    func concurrentMigrate() async throws {
        let legacy = try Self.legacyWithRows()
        async let first = BuiltBinary.wso2db("migrate", "shared", "--url", legacy.url)
        async let second = BuiltBinary.wso2db("migrate", "shared", "--url", legacy.url, "--lock-timeout", "0")
        let results = try await [first, second]
        #expect(results.contains { $0.status == 0 }, "\(results.map(\.standardError))")
        for result in results where result.status != 0 {
            #expect(result.standardError.contains("another wso2db run"), "\(result.standardError)")
        }
        let history = try LocalMariaDB.shared().mariadb(
            database: legacy.name, command: "SELECT version FROM wso2db_schema_history WHERE kind = 'migrate' ORDER BY installed_rank")
        let versions = history.split(separator: "\n")
        #expect(Set(versions).count == versions.count && versions.last == "4.7.0" && versions.count >= 2, "each step recorded once: \(history)")
    }

    @Test("bad MySQL addresses: unreachable, wrong password, missing database, unknown JDBC parameter; each one message, no password")
    func badInput() throws {
        let server = try LocalMariaDB.shared()
        let wrongPassword = "mysql://\(server.user):Wr0ng-Pw-x@\(server.host):\(server.port)/\(try server.createDatabase(prefix: "wrongpw"))"
        let cases: [(String, [String], Int32)] = [
            ("mysql://wso2:S3cret-pw@127.0.0.1:1/WSO2_SHARED_DB", ["127.0.0.1", "running"], 2),
            (wrongPassword, ["Access denied", "password"], 2),
            (server.url(database: "no_such_db"), ["no_such_db", "CREATE DATABASE"], 2),
            ("jdbc:mysql://127.0.0.1:\(server.port)/x?user=root&password=S3cret-pw&frobnicate=1", ["frobnicate"], 2),
        ]
        for (url, mentions, status) in cases {
            for command in [["create", "shared"], ["drift", "shared"], ["status", "shared"], ["migrate", "shared"]] {
                let result = try BuiltBinary.wso2db(command + ["--url", url])
                BadInputTests.expectRefused(result, status: status, mentions: mentions, hiding: ["S3cret-pw", "Wr0ng-Pw-x", LocalMariaDB.testPassword])
            }
        }
    }

    @Test("a read-only MySQL user: drift and status work, create is refused with the server's reason and changes nothing")
    func readOnlyUser() throws {
        let server = try LocalMariaDB.shared()
        let built = try Self.database("readonly")
        #expect(try BuiltBinary.wso2db("create", "shared", "--url", built.url).status == 0)
        let empty = try Self.database("readonly_empty")
        let user = "ro_\(built.name.suffix(8))"
        try server.mariadb(
            command: """
                CREATE USER '\(user)'@'%' IDENTIFIED BY 'R3ad-only-pw'; CREATE USER '\(user)'@'localhost' IDENTIFIED BY 'R3ad-only-pw';
                GRANT SELECT ON `\(built.name)`.* TO '\(user)'@'%'; GRANT SELECT ON `\(built.name)`.* TO '\(user)'@'localhost';
                GRANT SELECT ON `\(empty.name)`.* TO '\(user)'@'%'; GRANT SELECT ON `\(empty.name)`.* TO '\(user)'@'localhost'
                """)
        let readOnly = { (name: String) in "mysql://\(user):R3ad-only-pw@\(server.host):\(server.port)/\(name)" }
        #expect(try BuiltBinary.wso2db("drift", "shared", "--url", readOnly(built.name)).status == 0)
        #expect(try BuiltBinary.wso2db("status", "shared", "--url", readOnly(built.name)).status == 0)
        let create = try BuiltBinary.wso2db("create", "shared", "--url", readOnly(empty.name))
        BadInputTests.expectRefused(create, mentions: ["denied"], hiding: ["R3ad-only-pw"])
        #expect(try server.mariadb(database: empty.name, command: "SHOW TABLES").isEmpty)
    }
}
