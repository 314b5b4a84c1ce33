import Foundation
import LocalPostgres
import PostgresDriver
import SQLDriver
import SQLiteDriver
import Testing
import WSO2Catalog
import WSO2Schema

/// `migrate --with NAME`: the optional tasks (WSO2's data work apart from its release scripts), off unless asked
/// for, shown in the dry run, run once, refused with nothing changed when rows stand in their way.
@Suite("wso2db migrate --with: optional tasks")
struct MigrateTaskTests {
    /// Rows each task works on, in two tenants that share ids and version numbers, as WSO2's scripts meet them.
    static let rows = """
        INSERT INTO UM_HYBRID_ROLE (UM_ID, UM_ROLE_NAME, UM_TENANT_ID) VALUES
          (10, 'Application/User Portal', -1234), (10, 'Application/User Portal', 1), (11, 'Internal/everyone', 1);
        INSERT INTO UM_HYBRID_USER_ROLE (UM_ID, UM_USER_NAME, UM_ROLE_ID, UM_TENANT_ID) VALUES
          (1, 'admin', 10, -1234), (2, 'alice', 10, 1), (3, 'alice', 11, 1);
        INSERT INTO REG_PATH (REG_PATH_ID, REG_PATH_VALUE, REG_PATH_PARENT_ID, REG_TENANT_ID) VALUES (5, '/_system/api', NULL, 1), (5, '/_system/api', NULL, 2);
        INSERT INTO REG_RESOURCE (REG_PATH_ID, REG_NAME, REG_VERSION, REG_CREATOR, REG_CREATED_TIME, REG_LAST_UPDATED_TIME, REG_TENANT_ID, REG_UUID)
          VALUES (5, 'api.json', 7, 'admin', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1, 'u1'), (5, 'swagger.json', 7, 'admin', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 2, 'u2');
        INSERT INTO REG_TAG (REG_ID, REG_TAG_NAME, REG_USER_ID, REG_TAGGED_TIME, REG_TENANT_ID) VALUES
          (1, 'current', 'admin', CURRENT_TIMESTAMP, 1), (2, 'old', 'admin', CURRENT_TIMESTAMP, 1), (1, 'current', 'admin', CURRENT_TIMESTAMP, 2);
        INSERT INTO REG_RESOURCE_TAG (REG_TAG_ID, REG_VERSION, REG_TENANT_ID) VALUES (1, 7, 1), (2, 3, 1), (1, 7, 2);
        INSERT INTO REG_LOG (REG_LOG_ID, REG_PATH, REG_USER_ID, REG_LOGGED_TIME, REG_ACTION, REG_TENANT_ID) VALUES
          (1, '/a', 'admin', CURRENT_TIMESTAMP, 1, 1), (2, '/a', 'admin', CURRENT_TIMESTAMP, 2, 1), (3, '/a', 'admin', CURRENT_TIMESTAMP, 2, 2),
          (4, '/b', 'admin', CURRENT_TIMESTAMP, 7, 1), (5, NULL, 'admin', CURRENT_TIMESTAMP, 3, 1), (6, NULL, 'admin', CURRENT_TIMESTAMP, 3, 1)
        """

    /// What each task leaves, read the same way on every engine.
    static func state(_ connection: any DatabaseConnection) throws -> [String] {
        let queries = [
            "SELECT UM_ID, UM_ROLE_NAME, UM_TENANT_ID FROM UM_HYBRID_ROLE ORDER BY UM_TENANT_ID, UM_ID",
            "SELECT UM_USER_NAME, UM_ROLE_ID, UM_TENANT_ID FROM UM_HYBRID_USER_ROLE ORDER BY UM_ID",
            "SELECT REG_TAG_ID, REG_VERSION, REG_PATH_ID, REG_RESOURCE_NAME, REG_TENANT_ID FROM REG_RESOURCE_TAG ORDER BY REG_TENANT_ID, REG_TAG_ID",
            "SELECT REG_ID, REG_TAG_NAME, REG_TENANT_ID FROM REG_TAG ORDER BY REG_TENANT_ID, REG_ID",
            "SELECT REG_LOG_ID, REG_TENANT_ID FROM REG_LOG ORDER BY REG_TENANT_ID, REG_LOG_ID",
        ]
        return try queries.map { query in
            try connection.query(query).rows.map { $0.map(TableData.render).joined(separator: "|") }.joined(separator: "; ")
        }
    }

    static let untouched = [
        "10|'Application/User Portal'|-1234; 10|'Application/User Portal'|1; 11|'Internal/everyone'|1",
        "'admin'|10|-1234; 'alice'|10|1; 'alice'|11|1",
        "1|7|NULL|NULL|1; 2|3|NULL|NULL|1; 1|7|NULL|NULL|2",
        "1|'current'|1; 2|'old'|1; 1|'current'|2",
        "1|1; 2|1; 4|1; 5|1; 6|1; 3|2",
    ]

    /// After all three: the super tenant's role renamed and tenant 1's gone with its assignment; the tag of
    /// version 3 (no longer a resource) gone with its now unused tag, the others keyed by path and name in each
    /// tenant; the newest log entry of each path per tenant kept (one of the entries without a path), action 7 gone.
    static let done = [
        "10|'Application/My Account'|-1234; 11|'Internal/everyone'|1",
        "'admin'|10|-1234; 'alice'|11|1",
        "1|7|5|'api.json'|1; 1|7|5|'swagger.json'|2",
        "1|'current'|1; 1|'current'|2",
        "2|1; 6|1; 3|2",
    ]

    /// An empty SQLite shared database made by `create` at 4.7.0.
    static func sqliteDatabase() throws -> (String, SQLiteConnection) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wso2db-task-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/db.sqlite"
        try #require(try BuiltBinary.wso2db(["create", "shared", "--url", "sqlite:\(path)"]).status == 0)
        return ("sqlite:\(path)", try SQLiteConnection(url: SQLite.url(path: path), mode: .readWrite))
    }

    static let all = ["--with", "my-account-role", "--with", "registry-versioning-off", "--with", "registry-log-prune"]

    @Test("SQLite: off unless asked; the dry run shows them; without --allow-destructive refused; then run once, recorded, and a rerun does nothing")
    func sqlite() throws {
        let (url, connection) = try Self.sqliteDatabase()
        try connection.execute(Self.rows)
        // As a server that handed those ids out has its sequences.
        try TableData.advanceSequences(connection, schema: try Catalog.schema(for: .shared), to: 100)
        #expect(try Self.state(connection) == Self.untouched)

        let plain = try BuiltBinary.wso2db(["migrate", "shared", "--url", url])
        #expect(plain.status == 0 && plain.standardOutput.hasPrefix("up to date"), "\(plain.standardOutput)\(plain.standardError)")
        let dryRun = try BuiltBinary.wso2db(["migrate", "shared", "--url", url, "--dry-run"] + Self.all)
        #expect(dryRun.status == 0, "\(dryRun.standardError)")
        for name in ["my-account-role", "registry-versioning-off", "registry-log-prune"] { #expect(dryRun.standardOutput.contains("-- task \(name)")) }
        #expect(dryRun.standardOutput.contains("-- destructive: deletes the role Application/User Portal"))
        #expect(dryRun.standardOutput.contains("UPDATE UM_HYBRID_ROLE SET UM_ROLE_NAME = 'Application/My Account'"))
        let refused = try BuiltBinary.wso2db(["migrate", "shared", "--url", url] + Self.all)
        #expect(refused.status == 2 && refused.standardError.contains("the task registry-log-prune deletes"), "\(refused.standardError)")
        let unknown = try BuiltBinary.wso2db(["migrate", "shared", "--url", url, "--with", "reindex"])
        #expect(unknown.status == 2 && unknown.standardError.contains("there is no task reindex; the tasks are my-account-role"), "\(unknown.standardError)")
        #expect(try Self.state(connection) == Self.untouched, "nothing changed")

        let run = try BuiltBinary.wso2db(["migrate", "shared", "--url", url, "--allow-destructive"] + Self.all)
        #expect(run.status == 0, "\(run.standardOutput)\(run.standardError)")
        #expect(run.standardOutput.contains("ran task my-account-role in") && run.standardOutput.hasSuffix("is at 4.7.0\n"), "\(run.standardOutput)")
        #expect(try Self.state(connection) == Self.done)
        #expect(try BuiltBinary.wso2db(["drift", "shared", "--url", url]).status == 0)
        let status = try BuiltBinary.wso2db(["status", "shared", "--url", url])
        #expect(status.status == 0 && status.standardOutput.contains("task     4.7.0") && status.standardOutput.contains("task registry-log-prune:"), "\(status.standardOutput)")

        // Done once: asked again, nothing runs (new log rows stay).
        try connection.execute("INSERT INTO REG_LOG (REG_LOG_ID, REG_PATH, REG_USER_ID, REG_LOGGED_TIME, REG_ACTION, REG_TENANT_ID) VALUES (9, '/a', 'x', CURRENT_TIMESTAMP, 7, 1)")
        let again = try BuiltBinary.wso2db(["migrate", "shared", "--url", url, "--allow-destructive"] + Self.all)
        #expect(again.status == 0 && again.standardOutput.hasPrefix("up to date"), "\(again.standardOutput)\(again.standardError)")
        #expect(try connection.query("SELECT count(*) FROM REG_LOG WHERE REG_LOG_ID = 9").rows.first?.first == .integer(1))
    }

    @Test("SQLite: the super tenant holding both roles is refused before anything changes, naming the row")
    func conflict() throws {
        let (url, connection) = try Self.sqliteDatabase()
        try connection.execute(Self.rows + "; INSERT INTO UM_HYBRID_ROLE (UM_ID, UM_ROLE_NAME, UM_TENANT_ID) VALUES (12, 'Application/My Account', -1234)")
        let before = try Self.state(connection)
        let refused = try BuiltBinary.wso2db(["migrate", "shared", "--url", url, "--allow-destructive"] + Self.all)
        #expect(refused.status == 2, "\(refused.standardOutput)\(refused.standardError)")
        #expect(
            refused.standardError.contains(
                "UM_HYBRID_ROLE: 1 row breaks one Application/My Account role per tenant (task my-account-role) of 4.7.0: (UM_ID, UM_TENANT_ID) = (12, -1234)"),
            "\(refused.standardError)")
        #expect(try Self.state(connection) == before)
    }

    @Test("PostgreSQL: WSO2's 2.6.0 database, migrated with every task: 4.7.0's structure exactly, and the tasks' rows as on SQLite")
    func postgres() throws {
        let server = try LocalPostgres.shared()
        let name = try server.createDatabase()
        try server.psql(database: name, file: try DetectTests.reference("legacy-um-reg-postgresql-kernel-v4.4.35.sql"))
        let url = server.url(database: name)
        let connection = try PostgresConnection(url: PostgreSQL.url(url))
        // 2.6.0's REG_RESOURCE_TAG has no ID yet: the same rows otherwise.
        try connection.execute(Self.rows)
        try TableData.advanceSequences(connection, schema: try Catalog.schema(for: .um, version: "2.6.0"), to: 100)
        let run = try BuiltBinary.wso2db(["migrate", "um", "--url", url, "--allow-destructive"] + Self.all)
        #expect(run.status == 0, "\(run.standardOutput)\(run.standardError)")
        #expect(run.standardOutput.contains("migrated to 4.7.0") && run.standardOutput.contains("ran task registry-versioning-off"))
        #expect(try Self.state(connection) == Self.done)
        let drift = try BuiltBinary.wso2db(
            ["drift", "shared", "--url", url, "--expected-sql", try DetectTests.reference("shared-postgresql-kernel-v4.11.18.sql")])
        #expect(drift.status == 0, "\(drift.standardOutput)\(drift.standardError)")
    }
}
