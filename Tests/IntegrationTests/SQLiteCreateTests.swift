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
        let connection = try SQLiteConnection(url: .sqlite(path: Fixtures.sqlitePath()), mode: .readWriteCreate)
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
        let connection = try SQLiteConnection(url: .sqlite(path: Fixtures.sqlitePath()), mode: .readWriteCreate)
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
        let connection = try SQLiteConnection(url: .sqlite(path: path), mode: .readWriteCreate)
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
        let connection = try SQLiteConnection(url: .sqlite(path: Fixtures.sqlitePath()), mode: .readWriteCreate)
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
        let holder = try SQLiteConnection(url: .sqlite(path: path), mode: .readWriteCreate)
        try holder.beginExclusiveTransaction()
        defer { holder.rollback() }
        let second = try SQLiteConnection(url: .sqlite(path: path), mode: .readWrite)
        let error = #expect(throws: DatabaseError.self) { try second.beginExclusiveTransaction() }
        #expect(error?.code == .locked)
    }

    @Test("opening: a missing file is never created for reading; a folder or a non-database file is a clear error")
    func openingErrors() throws {
        let missing = try Fixtures.sqlitePath("missing.db")
        let notFound = #expect(throws: DatabaseError.self) { try SQLiteConnection(url: .sqlite(path: missing), mode: .readOnly) }
        #expect(notFound?.code == .connectionFailed)
        #expect(!FileManager.default.fileExists(atPath: missing))

        let folder = (missing as NSString).deletingLastPathComponent
        let isFolder = #expect(throws: DatabaseError.self) { try SQLiteConnection(url: .sqlite(path: folder), mode: .readWriteCreate) }
        #expect(isFolder?.message.contains("is a folder") == true)

        let garbage = try Fixtures.sqlitePath("garbage.db")
        try Data(repeating: 0x5a, count: 4096).write(to: URL(fileURLWithPath: garbage))
        let notADatabase = #expect(throws: DatabaseError.self) { try SQLiteConnection(url: .sqlite(path: garbage), mode: .readWrite) }
        #expect(notADatabase?.hint?.contains("not a SQLite database") == true)
    }
}
