import Foundation
import LocalPostgres
import SQLDriver
import SQLiteDriver
import Testing

/// `wso2db detect`, and `drift` against WSO2's own scripts and a user's script.
@Suite("wso2db detect and drift against WSO2's scripts")
struct DetectTests {
    /// WSO2's script in ../shared/reference/wso2.
    static func reference(_ name: String) throws -> String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let path = root.deletingLastPathComponent().appendingPathComponent("shared/reference/wso2/\(name)").path
        try #require(FileManager.default.fileExists(atPath: path), "\(path) is missing: ../shared must sit beside the checkout")
        return path
    }

    /// A fresh PostgreSQL database made by running WSO2's script with psql, as a DBA does.
    static func databaseFromScript(_ script: String) throws -> (LocalPostgres, String) {
        let server = try LocalPostgres.shared()
        let database = try server.createDatabase()
        try server.psql(database: database, file: try reference(script))
        return (server, database)
    }

    static func json(_ result: Subprocess.Result) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
    }

    @Test("detect tells the legacy UM database from the REG one by the rows they hold")
    func legacyByRows() throws {
        let (server, um) = try Self.databaseFromScript("legacy-um-reg-postgresql-kernel-v4.4.35.sql")
        try server.psql(database: um, command: "INSERT INTO UM_TENANT (UM_DOMAIN_NAME, UM_CREATED_DATE) VALUES ('acme.com', now())")
        let asUM = try Self.json(try BuiltBinary.wso2db("detect", "--url", server.url(database: um), "--format", "json"))
        #expect(asUM["database"] as? String == "um")
        #expect(asUM["alsoPossible"] as? [String] == [])

        let (_, reg) = try Self.databaseFromScript("legacy-um-reg-postgresql-kernel-v4.4.35.sql")
        try server.psql(database: reg, command: "INSERT INTO REG_PATH (REG_PATH_VALUE, REG_TENANT_ID) VALUES ('/', -1234)")
        let asREG = try Self.json(try BuiltBinary.wso2db("detect", "--url", server.url(database: reg), "--format", "json"))
        #expect(asREG["database"] as? String == "reg")
        #expect(asREG["version"] as? String == "2.6.0")
    }

    @Test("a database that is no WSO2 database is said to be none: exit 2, nulls in JSON")
    func noMatch() throws {
        let server = try LocalPostgres.shared()
        let name = try server.createDatabase()
        try server.psql(database: name, command: "CREATE TABLE orders (id integer PRIMARY KEY, total numeric(10,2))")
        let result = try BuiltBinary.wso2db("detect", "--url", server.url(database: name), "--format", "json")
        #expect(result.status == 2)
        let found = try Self.json(result)
        #expect(found["database"] is NSNull)
        #expect(found["version"] is NSNull)
        #expect(found["differences"] is NSNull)
        let text = try BuiltBinary.wso2db("detect", "--url", server.url(database: name))
        #expect(text.standardOutput.contains("no known WSO2 database"))
    }

    @Test(
        "drift on a database built by WSO2's own script finds nothing (exit 0)",
        arguments: [
            ("shared-postgresql-kernel-v4.11.18.sql", "shared", "4.7.0"),
            ("shared-postgresql-kernel-v4.6.2.sql", "shared", "4.0.0"),
            ("apimgt-postgresql-carbon-apimgt-v9.33.122-apim-4.7.0.sql", "am", "4.7.0"),
        ])
    func driftOnWSO2Script(script: String, database: String, version: String) throws {
        let (server, name) = try Self.databaseFromScript(script)
        let result = try BuiltBinary.wso2db("drift", database, "--version", version, "--url", server.url(database: name), "--format", "json")
        #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
        let report = try Self.json(result)
        #expect(report["drift"] as? Bool == false)
        #expect((report["differences"] as? [Any])?.count == 0)
        // And against the other shared version, the differences are real ones.
        if database == "shared" {
            let other = version == "4.7.0" ? "4.0.0" : "4.7.0"
            let against = try BuiltBinary.wso2db("drift", "shared", "--version", other, "--url", server.url(database: name))
            #expect(against.status == 1)
            #expect(against.standardOutput.uppercased().contains("UM_ORG"))
        }
    }

    @Test("drift on SQLite databases made by create finds nothing (exit 0)", arguments: ["shared", "am", "um"])
    func driftOnSQLiteCreate(database: String) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wso2db-detect-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let url = "sqlite:\(folder)/db.sqlite"
        let created = try BuiltBinary.wso2db("create", database, "--url", url, "--format", "json")
        try #require(created.status == 0)
        let report = try Self.json(created)
        #expect(report["database"] as? String == database)
        #expect((report["tables"] as? Int ?? 0) >= 40)
        let result = try BuiltBinary.wso2db("drift", database, "--url", url)
        #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
        #expect(result.standardOutput.hasPrefix("no drift"))
        let detected = try Self.json(try BuiltBinary.wso2db("detect", "--url", url, "--format", "json"))
        #expect(detected["database"] as? String == database)
        #expect(detected["differences"] as? Int == 0)
    }

    @Test("--expected-sql holds a database against a script of the user's own, and leaves nothing behind")
    func expectedSQLOnPostgres() throws {
        let server = try LocalPostgres.shared()
        let name = try server.createDatabase()
        let url = server.url(database: name)
        try #require(try BuiltBinary.wso2db("create", "shared", "--url", url).status == 0)
        let script = try Self.reference("shared-postgresql-kernel-v4.11.18.sql")
        let clean = try BuiltBinary.wso2db("drift", "shared", "--url", url, "--expected-sql", script)
        #expect(clean.status == 0, "\(clean.standardOutput)\(clean.standardError)")
        #expect(clean.standardOutput.contains("the schema of \(script)"))

        try server.psql(database: name, command: "ALTER TABLE UM_TENANT ALTER COLUMN UM_EMAIL TYPE VARCHAR(100)")
        let drifted = try BuiltBinary.wso2db("drift", "shared", "--url", url, "--expected-sql", script, "--format", "json")
        #expect(drifted.status == 1)
        #expect(drifted.standardOutput.contains("UM_EMAIL") || drifted.standardOutput.contains("um_email"))

        // The scratch schema is gone, and wso2db's own objects are the only other schema.
        let schemas = try server.psql(
            database: name, command: "SELECT string_agg(nspname, ',') FROM pg_namespace WHERE nspname LIKE 'wso2db%'",
            extraArguments: ["-t", "-A"])
        #expect(schemas.trimmingCharacters(in: .whitespacesAndNewlines) == "wso2db")
    }

    @Test("a script that commits on its own is refused (exit 2) and leaves nothing behind")
    func expectedSQLThatCommits() throws {
        let server = try LocalPostgres.shared()
        let name = try server.createDatabase()
        let url = server.url(database: name)
        try #require(try BuiltBinary.wso2db("create", "shared", "--url", url).status == 0)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("commits-\(UUID().uuidString).sql").path
        try "CREATE TABLE sneaky (id integer);\nCOMMIT;\n".write(toFile: file, atomically: true, encoding: .utf8)
        let result = try BuiltBinary.wso2db("drift", "shared", "--url", url, "--expected-sql", file)
        #expect(result.status == 2)
        #expect(result.standardError.contains("COMMIT"))
        let left = try server.psql(
            database: name, command: "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'wso2db_expected%'", extraArguments: ["-t", "-A"])
        #expect(left.trimmingCharacters(in: .whitespacesAndNewlines) == "0")
    }

    @Test("--expected-sql on SQLite loads the script into an in-memory database")
    func expectedSQLOnSQLite() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wso2db-expected-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let url = "sqlite:\(folder)/db.sqlite"
        try #require(try BuiltBinary.wso2db("create", "shared", "--url", url).status == 0)
        let ddl = try BuiltBinary.wso2db("ddl", "shared", "--dialect", "sqlite")
        let file = folder + "/expected.sql"
        try ddl.standardOutput.write(toFile: file, atomically: true, encoding: .utf8)
        let result = try BuiltBinary.wso2db("drift", "shared", "--url", url, "--expected-sql", file)
        #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
        let missing = try BuiltBinary.wso2db("drift", "shared", "--url", url, "--expected-sql", folder + "/nope.sql")
        #expect(missing.status == 2)
        #expect(missing.standardError.contains("cannot read"))
    }

    @Test("drift that cannot check exits 2 with one clear message, and creates nothing")
    func cannotCheck() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wso2db-nocheck-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let missing = try BuiltBinary.wso2db("drift", "shared", "--url", "sqlite:\(folder)/missing.db")
        #expect(missing.status == 2)
        #expect(missing.standardError.contains("does not exist"))
        #expect(!FileManager.default.fileExists(atPath: "\(folder)/missing.db"))
        let both = try BuiltBinary.wso2db("drift", "shared", "--url", "sqlite:x.db", "--version", "4.7.0", "--expected-sql", "x.sql")
        #expect(both.status == 64)
        let detect = try BuiltBinary.wso2db("detect", "--url", "oracle://localhost/x")
        #expect(detect.status == 2)
        #expect(detect.standardError.contains("Oracle"))
    }
}
