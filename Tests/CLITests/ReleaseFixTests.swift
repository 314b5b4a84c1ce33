import Foundation
import LocalPostgres
import SQLDriver
import SQLiteDriver
import Testing

/// What used to go wrong with releases that share a schema, WSO2's scripts as shipped, and drift that a
/// migration cannot carry: each test fails without its fix.
@Suite("releases: the fixes")
struct ReleaseFixTests {
    static func sqliteURL() throws -> (url: String, path: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wso2db-fix-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return ("sqlite:\(folder)/db.sqlite", folder + "/db.sqlite")
    }

    static func history(_ path: String) throws -> [String] {
        let connection = try SQLiteConnection(url: SQLite.url(path: path), mode: .readOnly)
        return try connection.query("SELECT version FROM wso2db_schema_history ORDER BY installed_rank").rows.map { $0[0].textValue ?? "" }
    }

    @Test("a release that shares a schema stays itself: create 4.6.0 is at 4.6.0; migrate --to 4.6.0 reports and records 4.6.0")
    func namedReleaseKept() throws {
        let (url, _) = try Self.sqliteURL()
        try #require(try BuiltBinary.wso2db("create", "shared", "--version", "4.6.0", "--url", url).status == 0)
        let status = try BuiltBinary.wso2db("status", "shared", "--url", url)
        #expect(status.standardOutput.contains("is at 4.6.0"), "\(status.standardOutput)")
        #expect(!status.standardOutput.contains("4.7.0"), "\(status.standardOutput)")
        let upToDate = try BuiltBinary.wso2db("migrate", "shared", "--url", url)
        #expect(upToDate.standardOutput.contains("is at 4.6.0"), "\(upToDate.standardOutput)")

        let (older, olderPath) = try Self.sqliteURL()
        try #require(try BuiltBinary.wso2db("create", "shared", "--version", "4.0.0", "--url", older).status == 0)
        let migrate = try BuiltBinary.wso2db("migrate", "shared", "--to", "4.6.0", "--url", older)
        #expect(migrate.status == 0, "\(migrate.standardError)")
        #expect(migrate.standardOutput.contains("migrated to 4.6.0"), "\(migrate.standardOutput)")
        #expect(!migrate.standardOutput.contains("4.7.0"), "\(migrate.standardOutput)")
        #expect(try Self.history(olderPath) == ["4.0.0", "4.1.0", "4.6.0"])
        let after = try BuiltBinary.wso2db("status", "shared", "--url", older, "--format", "json")
        #expect(after.status == 0)
        #expect(after.standardOutput.contains("\"current\":\"4.6.0\"") || after.standardOutput.contains("\"current\" : \"4.6.0\""), "\(after.standardOutput)")
        // A later migrate to the newest finds nothing to do: 4.6.0 has 4.7.0's schema.
        let rerun = try BuiltBinary.wso2db("migrate", "shared", "--url", older)
        #expect(rerun.standardOutput.contains("up to date"), "\(rerun.standardOutput)")
        #expect(try Self.history(olderPath) == ["4.0.0", "4.1.0", "4.6.0"])
    }

    @Test("--baseline-anyway refuses a database that lacks an object of its version, records nothing; status calls nothing accepted")
    func baselineRefusesMissing() throws {
        let (url, path) = try Self.sqliteURL()
        try #require(try BuiltBinary.wso2db("create", "um", "--version", "2.6.0", "--url", url).status == 0)
        let connection = try SQLiteConnection(url: SQLite.url(path: path), mode: .readWrite)
        try connection.execute("DELETE FROM wso2db_schema_history")
        try connection.execute("DROP INDEX REG_PATH_IND_BY_PATH_VALUE")
        let anyway = try BuiltBinary.wso2db("migrate", "um", "--url", url, "--baseline-anyway")
        #expect(anyway.status == 2, "\(anyway.standardOutput)")
        #expect(anyway.standardError.contains("missing  index REG_PATH_IND_BY_PATH_VALUE"), "\(anyway.standardError)")
        #expect(anyway.standardError.contains("will not record"), "\(anyway.standardError)")
        #expect(try Self.history(path).isEmpty)
        let status = try BuiltBinary.wso2db("status", "um", "--url", url)
        #expect(!status.standardOutput.contains("accepted"), "\(status.standardOutput)")
        #expect(status.standardOutput.contains("migrate refuses it"), "\(status.standardOutput)")
    }

    @Test("--expected-sql with another engine's script says which engine's script it reads (exit 2)")
    func otherEnginesScript() throws {
        let (url, _) = try Self.sqliteURL()
        try #require(try BuiltBinary.wso2db("create", "shared", "--url", url).status == 0)
        let postgresScript = try DetectTests.reference("shared-postgresql-kernel-v4.11.18.sql")
        let onSQLite = try BuiltBinary.wso2db("drift", "shared", "--url", url, "--expected-sql", postgresScript)
        #expect(onSQLite.status == 2)
        #expect(onSQLite.standardError.contains("is a PostgreSQL script, and on SQLite --expected-sql loads a SQLite script"), "\(onSQLite.standardError)")
        let h2 = try BuiltBinary.wso2db("drift", "shared", "--url", url, "--expected-sql", try DetectTests.reference("shared-h2-kernel-v4.11.18.sql"))
        #expect(h2.status == 2)
        #expect(h2.standardError.contains("is a H2 script"), "\(h2.standardError)")

        let server = try LocalPostgres.shared()
        let name = try server.createDatabase()
        try #require(try BuiltBinary.wso2db("create", "am", "--url", server.url(database: name)).status == 0)
        let mysql = try BuiltBinary.wso2db(
            "drift", "am", "--url", server.url(database: name), "--expected-sql",
            try DetectTests.reference("apimgt-mysql-carbon-apimgt-v9.33.122-apim-4.7.0.sql"))
        #expect(mysql.status == 2)
        #expect(mysql.standardError.contains("is a MySQL script, and on PostgreSQL"), "\(mysql.standardError)")
    }

    @Test("drift spells every name as WSO2 does, whatever case PostgreSQL stored")
    func oneSpelling() throws {
        let server = try LocalPostgres.shared()
        let name = try server.createDatabase()
        let url = server.url(database: name)
        try #require(try BuiltBinary.wso2db("create", "shared", "--url", url).status == 0)
        try server.psql(database: name, command: "ALTER TABLE um_user ADD COLUMN local_note text; CREATE TABLE local_extra (id integer)")
        let text = try BuiltBinary.wso2db("drift", "shared", "--url", url)
        #expect(text.status == 1)
        #expect(text.standardOutput.contains("extra    column UM_USER.LOCAL_NOTE"), "\(text.standardOutput)")
        #expect(text.standardOutput.contains("LOCAL_EXTRA"), "\(text.standardOutput)")
        #expect(!text.standardOutput.contains("local_"), "\(text.standardOutput)")
        let json = try BuiltBinary.wso2db("drift", "shared", "--url", url, "--format", "json")
        #expect(!json.standardOutput.contains("local_"), "\(json.standardOutput)")
        #expect(json.standardOutput.contains("LOCAL_NOTE"))
    }

    @Test("detect: 1 with the nearest schema named when it differs, 2 when nothing is recognisable")
    func detectExitCodes() throws {
        let (url, path) = try Self.sqliteURL()
        try #require(try BuiltBinary.wso2db("create", "shared", "--version", "3.2.0", "--url", url).status == 0)
        let connection = try SQLiteConnection(url: SQLite.url(path: path), mode: .readWrite)
        try connection.execute("DROP INDEX UUID_DM_UID_TID")
        let drifted = try BuiltBinary.wso2db("detect", "--url", url)
        #expect(drifted.status == 1, "\(drifted.standardOutput)")
        #expect(drifted.standardOutput.hasPrefix("WSO2_SHARED_DB 3.2.0 (the same schema as API-M 3.1.0): 1 difference"), "\(drifted.standardOutput)")
        let json = try ReleaseTests.json(try BuiltBinary.wso2db("detect", "--url", url, "--format", "json"))
        #expect(json["exact"] as? Bool == false)
        #expect(json["database"] as? String == "shared")
        try connection.execute("DROP TABLE UM_UUID_DOMAIN_MAPPER")
        let nearer = try BuiltBinary.wso2db("detect", "--url", url)
        #expect(!nearer.standardOutput.hasPrefix("WSO2UM_DB"), "a 3.x shared database is never called a legacy one: \(nearer.standardOutput)")
    }

    @Test("drift --fix-sql fills a missing NOT NULL column as migrate does, so it runs on a table with rows; says what it cannot fill")
    func fixSQLFills() throws {
        let server = try LocalPostgres.shared()
        let name = try server.createDatabase()
        let url = server.url(database: name)
        try #require(try BuiltBinary.wso2db("create", "shared", "--url", url).status == 0)
        try server.psql(
            database: name,
            command: """
                INSERT INTO UM_TENANT (UM_TENANT_UUID, UM_DOMAIN_NAME, UM_CREATED_DATE) VALUES ('a', 'one.com', now()), ('b', 'two.com', now());
                ALTER TABLE UM_TENANT DROP COLUMN UM_TENANT_UUID
                """)
        let fix = try BuiltBinary.wso2db("drift", "shared", "--url", url, "--fix-sql")
        #expect(fix.status == 1)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("fix-\(UUID().uuidString).sql").path
        try fix.standardOutput.write(toFile: file, atomically: true, encoding: .utf8)
        _ = try server.psql(database: name, file: file, extraArguments: ["-v", "ON_ERROR_STOP=1"])
        let after = try BuiltBinary.wso2db("drift", "shared", "--url", url)
        #expect(after.status == 0, "\(after.standardOutput)")
        let uuids = try server.psql(
            database: name, command: "SELECT count(DISTINCT um_tenant_uuid) FROM um_tenant WHERE um_tenant_uuid IS NOT NULL",
            extraArguments: ["-t", "-A"])
        #expect(uuids.trimmingCharacters(in: .whitespacesAndNewlines) == "2")

        try server.psql(database: name, command: "ALTER TABLE UM_TENANT DROP COLUMN UM_DOMAIN_NAME CASCADE")
        let cannot = try BuiltBinary.wso2db("drift", "shared", "--url", url, "--fix-sql")
        #expect(cannot.standardOutput.contains("-- cannot fill UM_TENANT.UM_DOMAIN_NAME"), "\(cannot.standardOutput)")
    }
}
