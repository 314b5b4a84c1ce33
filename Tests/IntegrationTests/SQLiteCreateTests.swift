import Foundation
import SQLDriver
import SQLiteDriver
import Testing
import WSO2Catalog
import WSO2Migrator
import WSO2Schema

/// `create` on real SQLite files.
@Suite("create on SQLite")
struct SQLiteCreateTests {
    /// A new file with the shared database created in it.
    static func createdShared() throws -> SQLiteConnection {
        let connection = try SQLiteConnection(url: SQLite.url(path: Fixtures.sqlitePath()), mode: .readWriteCreate)
        _ = try SchemaCreator(database: .shared, schema: Catalog.schema(for: .shared)).create(on: connection)
        return connection
    }

    static func count(_ connection: SQLiteConnection, _ sql: String, _ parameters: SQLValue...) throws -> Int64 {
        try connection.query(SQLStatement(sql, parameters)).rows[0][0].integerValue ?? -1
    }

    @Test("the shared database has its 51 tables, 28 indexes and 43 declared foreign keys")
    func sharedStructure() throws {
        let connection = try Self.createdShared()
        let tables = try connection.query(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite%' AND substr(name, 1, 7) <> 'wso2db_' ORDER BY rowid")
        let catalog = try Catalog.schema(for: .shared)
        #expect(tables.rows.map { $0[0].textValue ?? "" } == catalog.tables.map(\.name))
        #expect(tables.rows.count == 51)
        #expect(try Self.count(connection, "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL") == 28)
        var foreignKeys = 0
        var cascading = 0
        for table in catalog.tables {
            let keys = try connection.query(SQLStatement("SELECT DISTINCT id, \"table\", on_delete FROM pragma_foreign_key_list(?1)", [.text(table.name)]))
            foreignKeys += keys.rows.count
            cascading += keys.rows.filter { $0[2] == .text("CASCADE") }.count
        }
        #expect(foreignKeys == 43)
        #expect(cascading == 22)
        #expect(try Self.count(connection, "PRAGMA foreign_keys") == 1)
        #expect(try connection.query("PRAGMA journal_mode").rows == [[.text("wal")]])
        #expect(try Self.count(connection, "SELECT count(*) FROM UM_ORG WHERE UM_ID = '10084a8d-113f-4211-a0d5-efe36b082211'") == 1)
    }

    @Test("the legacy UM/REG schema creates its 40 tables")
    func legacyStructure() throws {
        let connection = try SQLiteConnection(url: SQLite.url(path: Fixtures.sqlitePath()), mode: .readWriteCreate)
        _ = try SchemaCreator(database: .um, schema: Catalog.schema(for: .um, version: "2.6.0")).create(on: connection)
        #expect(
            try Self.count(
                connection, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND substr(name, 1, 3) IN ('UM_', 'REG')") == 40)
        #expect(try connection.query("SELECT database, version FROM wso2db_schema_history").rows == [[.text("um"), .text("2.6.0")]])
    }

    @Test("foreign keys are enforced")
    func foreignKeysEnforced() throws {
        let connection = try Self.createdShared()
        let error = #expect(throws: DatabaseError.self) {
            try connection.execute("INSERT INTO UM_UUID_DOMAIN_MAPPER (UM_USER_ID, UM_DOMAIN_ID, UM_TENANT_ID) VALUES ('u', 99, 1)")
        }
        #expect(error?.message.contains("FOREIGN KEY") == true)
        try connection.execute("INSERT INTO UM_DOMAIN (UM_DOMAIN_NAME, UM_TENANT_ID) VALUES ('PRIMARY', 1)")
        try connection.execute("INSERT INTO UM_UUID_DOMAIN_MAPPER (UM_USER_ID, UM_DOMAIN_ID, UM_TENANT_ID) VALUES ('u', 1, 1)")
        // ON DELETE CASCADE, as on PostgreSQL.
        try connection.execute("DELETE FROM UM_DOMAIN")
        #expect(try Self.count(connection, "SELECT count(*) FROM UM_UUID_DOMAIN_MAPPER") == 0)
    }

    @Test("an INSERT that omits a sequence-backed id gets a fresh one, composite keys and shared sequences included")
    func sequenceBackedIds() throws {
        let connection = try Self.createdShared()
        // Composite key (REG_LOG_ID, REG_TENANT_ID): ids 1, 2, 3 whatever the tenant.
        for tenant in [1, 1, 7] {
            try connection.run(
                SQLStatement(
                    "INSERT INTO REG_LOG (REG_USER_ID, REG_LOGGED_TIME, REG_ACTION, REG_TENANT_ID) VALUES ('admin', CURRENT_TIMESTAMP, 1, ?1)",
                    [.integer(Int64(tenant))]))
        }
        #expect(try connection.query("SELECT REG_LOG_ID, REG_TENANT_ID FROM REG_LOG ORDER BY rowid").rows
            == [[.integer(1), .integer(1)], [.integer(2), .integer(1)], [.integer(3), .integer(7)]])
        // An explicit id is kept and does not move the sequence, as on PostgreSQL.
        try connection.execute("INSERT INTO REG_LOG (REG_LOG_ID, REG_USER_ID, REG_LOGGED_TIME, REG_ACTION) VALUES (100, 'x', CURRENT_TIMESTAMP, 1)")
        try connection.execute("INSERT INTO REG_LOG (REG_USER_ID, REG_LOGGED_TIME, REG_ACTION) VALUES ('x', CURRENT_TIMESTAMP, 1)")
        #expect(try Self.count(connection, "SELECT max(REG_LOG_ID) FROM REG_LOG WHERE REG_LOG_ID < 100") == 4)
        // Single-column key from a sequence shared by three tables.
        try connection.execute("INSERT INTO UM_DOMAIN (UM_DOMAIN_NAME, UM_TENANT_ID) VALUES ('PRIMARY', -1234)")
        try connection.execute("INSERT INTO UM_HYBRID_REMEMBER_ME (UM_USER_NAME) VALUES ('a')")
        try connection.execute("INSERT INTO UM_UUID_DOMAIN_MAPPER (UM_USER_ID, UM_DOMAIN_ID, UM_TENANT_ID) VALUES ('u-1', 1, -1234)")
        try connection.execute("INSERT INTO UM_GROUP_UUID_DOMAIN_MAPPER (UM_GROUP_ID, UM_DOMAIN_ID, UM_TENANT_ID) VALUES ('g-1', 1, -1234)")
        #expect(try Self.count(connection, "SELECT UM_ID FROM UM_HYBRID_REMEMBER_ME") == 1)
        #expect(try Self.count(connection, "SELECT UM_ID FROM UM_UUID_DOMAIN_MAPPER") == 2)
        #expect(try Self.count(connection, "SELECT UM_ID FROM UM_GROUP_UUID_DOMAIN_MAPPER") == 3)
        // A multi-row INSERT numbers every row.
        try connection.execute(
            "INSERT INTO UM_ROLE (UM_ROLE_NAME, UM_TENANT_ID) VALUES ('a', 1), ('b', 1), ('c', 2)")
        #expect(try connection.query("SELECT UM_ID FROM UM_ROLE ORDER BY UM_ID").rows == [[.integer(1)], [.integer(2)], [.integer(3)]])
    }

    @Test("key columns refuse NULL, as on PostgreSQL")
    func keysRefuseNull() throws {
        let connection = try Self.createdShared()
        try connection.execute("INSERT INTO UM_ROLE (UM_ROLE_NAME, UM_TENANT_ID) VALUES ('a', 1)")
        #expect(throws: DatabaseError.self) { try connection.execute("UPDATE UM_ROLE SET UM_ID = NULL") }
        #expect(throws: DatabaseError.self) { try connection.execute("INSERT INTO UM_ROLE (UM_ROLE_NAME, UM_TENANT_ID) VALUES ('b', NULL)") }
        #expect(throws: DatabaseError.self) {
            try connection.execute("INSERT INTO UM_ROLE (UM_ROLE_NAME, UM_TENANT_ID) VALUES ('a', 1)")
        }
    }

    @Test("create into a file that holds any of its tables stops, names them and changes nothing")
    func refusesExistingTables() throws {
        let path = try Fixtures.sqlitePath()
        let connection = try SQLiteConnection(url: SQLite.url(path: path), mode: .readWriteCreate)
        try connection.execute("CREATE TABLE REG_LOG (keep TEXT); INSERT INTO REG_LOG VALUES ('mine')")
        let creator = SchemaCreator(database: .shared, schema: try Catalog.schema(for: .shared))
        let failure = #expect(throws: SchemaCreator.Failure.self) { try creator.create(on: connection) }
        guard case .objectsExist(_, let tables, _) = failure else {
            Issue.record("expected objectsExist")
            return
        }
        #expect(tables == ["REG_LOG"])
        #expect(try connection.query("SELECT name FROM sqlite_schema").rows == [[.text("REG_LOG")]])
        #expect(try connection.query("SELECT keep FROM REG_LOG").rows == [[.text("mine")]])
    }

    @Test("a failure part-way rolls everything back")
    func failurePartWayLeavesNothing() throws {
        let connection = try SQLiteConnection(url: SQLite.url(path: Fixtures.sqlitePath()), mode: .readWriteCreate)
        // A trigger with the name of one wso2db creates is not caught by the pre-check, so the
        // failure comes after every table has been created.
        try connection.execute(
            "CREATE TABLE other (x); CREATE TRIGGER wso2db_nextval_UM_ROLE_UM_ID AFTER INSERT ON other BEGIN SELECT 1; END")
        let creator = SchemaCreator(database: .shared, schema: try Catalog.schema(for: .shared))
        #expect(throws: DatabaseError.self) { try creator.create(on: connection) }
        #expect(
            try connection.query("SELECT type, name FROM sqlite_schema ORDER BY name").rows
                == [[.text("table"), .text("other")], [.text("trigger"), .text("wso2db_nextval_UM_ROLE_UM_ID")]])
    }

    @Test("a second writer waits, then stops cleanly with a lock error")
    func lockedByAnotherWriter() throws {
        let path = try Fixtures.sqlitePath()
        let holder = try SQLiteConnection(url: SQLite.url(path: path), mode: .readWriteCreate)
        try holder.beginExclusiveTransaction()
        defer { holder.rollback() }
        let second = try SQLiteConnection(url: SQLite.url(path: path), mode: .readWrite)
        let error = #expect(throws: DatabaseError.self) { try second.beginExclusiveTransaction() }
        #expect(error?.code == .locked)
    }

    @Test("opening: a missing file is never created for reading; a folder or a non-database file is a clear error")
    func openingErrors() throws {
        let missing = try Fixtures.sqlitePath("missing.db")
        let notFound = #expect(throws: DatabaseError.self) { try SQLiteConnection(url: SQLite.url(path: missing), mode: .readOnly) }
        #expect(notFound?.code == .connectionFailed)
        #expect(!FileManager.default.fileExists(atPath: missing))

        let folder = (missing as NSString).deletingLastPathComponent
        let isFolder = #expect(throws: DatabaseError.self) { try SQLiteConnection(url: SQLite.url(path: folder), mode: .readWriteCreate) }
        #expect(isFolder?.message.contains("is a folder") == true)

        let garbage = try Fixtures.sqlitePath("garbage.db")
        try Data(repeating: 0x5a, count: 4096).write(to: URL(fileURLWithPath: garbage))
        let notADatabase = #expect(throws: DatabaseError.self) { try SQLiteConnection(url: SQLite.url(path: garbage), mode: .readWrite) }
        #expect(notADatabase?.hint?.contains("not a SQLite database") == true)
    }
}

/// The AM database on SQLite.
@Suite("create am on SQLite")
struct SQLiteAMTests {
    static func created(_ version: String = "4.7.0") throws -> SQLiteConnection {
        let connection = try SQLiteConnection(url: SQLite.url(path: Fixtures.sqlitePath()), mode: .readWriteCreate)
        _ = try SchemaCreator(database: .am, schema: Catalog.schema(for: .am, version: version)).create(on: connection)
        return connection
    }

    @Test("247 tables for 4.7.0 and 124 for 2.6.0, with their seed rows", arguments: [("4.7.0", 247, 17), ("2.6.0", 124, 10)])
    func tables(version: String, tables: Int, seeds: Int) throws {
        let connection = try Self.created(version)
        let count = try connection.query(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND substr(name, 1, 7) <> 'wso2db_' AND name NOT LIKE 'sqlite%'")
        #expect(count.rows == [[.integer(Int64(tables))]])
        #expect(try connection.query("SELECT count(*) FROM AM_ALERT_TYPES").rows == [[.integer(7)]])
        #expect(try connection.query("SELECT ALERT_TYPE_ID FROM AM_ALERT_TYPES WHERE ALERT_TYPE_NAME = 'ApiHealthMonitor'").rows == [[.integer(7)]])
        #expect(seeds > 0)
    }

    @Test("the TIME_STAMP trigger refreshes the timestamp on update")
    func timestampTrigger() throws {
        let connection = try Self.created()
        try connection.execute(
            """
            INSERT INTO AM_GW_PUBLISHED_API_DETAILS (API_ID, TENANT_DOMAIN, API_PROVIDER, API_NAME, API_VERSION, API_TYPE)
                 VALUES ('a1', 'carbon.super', 'admin', 'PizzaShack', '1.0.0', 'HTTP');
            INSERT INTO AM_GW_API_ARTIFACTS (API_ID, REVISION_ID, ARTIFACT, TIME_STAMP) VALUES ('a1', 'r1', X'00', '2001-01-01 00:00:00');
            UPDATE AM_GW_API_ARTIFACTS SET ARTIFACT = X'01';
            """)
        #expect(try connection.query("SELECT TIME_STAMP > '2020' FROM AM_GW_API_ARTIFACTS").rows == [[.integer(1)]])
    }

    @Test("keys are enforced, ON UPDATE CASCADE included")
    func keys() throws {
        let connection = try Self.created()
        #expect(throws: DatabaseError.self) {
            try connection.execute(
                "INSERT INTO AM_API_LC_EVENT (API_ID, NEW_STATE, USER_ID, TENANT_ID, EVENT_DATE) VALUES (99, 'CREATED', 'admin', -1234, CURRENT_TIMESTAMP)")
        }
        try connection.execute(
            """
            INSERT INTO AM_API (API_UUID, API_PROVIDER, API_NAME, API_VERSION, CONTEXT, ORGANIZATION) VALUES ('u', 'admin', 'A', '1', '/a', 'carbon.super');
            INSERT INTO AM_API_LC_EVENT (API_ID, NEW_STATE, USER_ID, TENANT_ID, EVENT_DATE) VALUES (1, 'CREATED', 'admin', -1234, CURRENT_TIMESTAMP);
            UPDATE AM_API SET API_ID = 42;
            """)
        #expect(try connection.query("SELECT API_ID, EVENT_ID FROM AM_API_LC_EVENT").rows == [[.integer(42), .integer(1)]])
    }

    @Test("ids come from named sequences and from SERIAL columns")
    func generatedIds() throws {
        let connection = try Self.created()
        try connection.execute(
            """
            INSERT INTO AM_API (API_UUID, API_PROVIDER, API_NAME, API_VERSION, CONTEXT, ORGANIZATION) VALUES ('u1', 'admin', 'A', '1', '/a', 'o');
            INSERT INTO AM_API (API_UUID, API_PROVIDER, API_NAME, API_VERSION, CONTEXT, ORGANIZATION) VALUES ('u2', 'admin', 'B', '1', '/b', 'o');
            INSERT INTO AM_OPERATION_POLICY (POLICY_UUID, POLICY_NAME, POLICY_VERSION, DISPLAY_NAME, POLICY_DESCRIPTION, APPLICABLE_FLOWS, GATEWAY_TYPES, API_TYPES, POLICY_PARAMETERS, ORGANIZATION, POLICY_CATEGORY, POLICY_MD5)
                 VALUES ('p1', 'n', 'v1', 'd', 'd', 'f', 'g', 'a', X'00', 'o', 'c', 'm');
            INSERT INTO AM_COMMON_OPERATION_POLICY (POLICY_UUID) VALUES ('p1');
            INSERT INTO AM_COMMON_OPERATION_POLICY (POLICY_UUID) VALUES ('p1');
            """)
        #expect(try connection.query("SELECT API_ID FROM AM_API ORDER BY API_ID").rows == [[.integer(1)], [.integer(2)]])
        #expect(try connection.query("SELECT COMMON_POLICY_ID FROM AM_COMMON_OPERATION_POLICY ORDER BY 1").rows == [[.integer(1)], [.integer(2)]])
    }
}
