import Foundation
import LocalPostgres
import PostgresDriver
import SQLDriver
import Testing
import WSO2Catalog
import WSO2Migrator
import WSO2Schema

/// `create` on a real PostgreSQL 15, held against WSO2's own scripts run with `psql -f`.
@Suite("create on PostgreSQL")
struct PostgresCreateTests {
    /// Each catalog schema and the WSO2 script it must reproduce.
    static let references: [(WSO2Database, String, String)] = [
        (.shared, "4.7.0", "shared-postgresql-kernel-v4.11.18.sql"),
        (.um, "2.6.0", "legacy-um-reg-postgresql-kernel-v4.4.35.sql"),
        (.reg, "2.6.0", "legacy-um-reg-postgresql-kernel-v4.4.35.sql"),
        (.am, "4.7.0", "apimgt-postgresql-carbon-apimgt-v9.33.122-apim-4.7.0.sql"),
        (.am, "2.6.0", "legacy-apimgt-postgresql-carbon-apimgt-v6.4.50-apim-2.6.0.sql"),
        (.shared, "4.0.0", "shared-postgresql-kernel-v4.6.2.sql"),
    ]

    @Test("create yields the same catalog as psql -f of WSO2's script", arguments: references)
    func createMatchesWSO2Script(database: WSO2Database, version: String, script: String) throws {
        let reference = try Fixtures.postgresDatabase()
        try Fixtures.psqlFile(try Fixtures.referenceScript(script), into: reference)
        let created = try Fixtures.postgresDatabase()
        let schema = try Catalog.schema(for: database, version: version)
        _ = try SchemaCreator(database: database, schema: schema).create(on: PostgresConnection(url: created))

        let expected = try CatalogSnapshot.of(reference)
        let actual = try CatalogSnapshot.of(created)
        #expect(expected.count > 500)
        #expect(Set(expected).subtracting(actual).sorted() == [], "in WSO2's database, missing from wso2db's")
        #expect(Set(actual).subtracting(expected).sorted() == [], "in wso2db's database, not in WSO2's")
        #expect(expected.count == actual.count, "the same facts, none twice")
    }

    @Test("the seed rows are the ones WSO2's script inserts, and so are the sequences' positions", arguments: references)
    func seedRowsMatchWSO2Script(database: WSO2Database, version: String, script: String) throws {
        let reference = try Fixtures.postgresDatabase()
        try Fixtures.psqlFile(try Fixtures.referenceScript(script), into: reference)
        let created = try Fixtures.postgresDatabase()
        let schema = try Catalog.schema(for: database, version: version)
        _ = try SchemaCreator(database: database, schema: schema).create(on: PostgresConnection(url: created))
        #expect(try CatalogSnapshot.rows(reference, schema) == CatalogSnapshot.rows(created, schema))
        #expect(try CatalogSnapshot.sequencePositions(reference) == CatalogSnapshot.sequencePositions(created))
    }

    @Test("wso2db ddl piped to psql yields the same catalog as WSO2's script", arguments: [references[0], references[1], references[3], references[5]])
    func ddlThroughPsqlMatchesWSO2Script(database: WSO2Database, version: String, script: String) throws {
        let reference = try Fixtures.postgresDatabase()
        try Fixtures.psqlFile(try Fixtures.referenceScript(script), into: reference)
        let piped = try Fixtures.postgresDatabase()
        let ddl = PostgresDialect().script(for: try Catalog.schema(for: database, version: version))
        try Fixtures.psqlFile(try Fixtures.temporaryFile(ddl), into: piped)
        let expected = try CatalogSnapshot.of(reference)
        let actual = try CatalogSnapshot.of(piped)
        #expect(Set(expected).symmetricDifference(actual).sorted() == [])
        #expect(expected.count == actual.count)
    }

    @Test("the AM trigger function does what WSO2's does: read back, both are the same routine")
    func amTriggerFunctionMeansTheSame() throws {
        let reference = try Fixtures.postgresDatabase()
        try Fixtures.psqlFile(try Fixtures.referenceScript(Self.references[3].2), into: reference)
        let created = try Fixtures.postgresDatabase()
        let connection = try PostgresConnection(url: created)
        _ = try SchemaCreator(database: .am, schema: Catalog.schema(for: .am)).create(on: connection)
        let theirs = try PostgresConnection(url: reference).inspectSchema()
        let ours = try connection.inspectSchema()
        #expect(theirs.functions == [Function("update_modified_column", body: .touchTimestamp(column: "time_stamp"))])
        #expect(ours.functions == theirs.functions)
        #expect(ours.triggers == theirs.triggers)
        // And it works: an UPDATE stamps the row.
        try connection.execute(
            """
            INSERT INTO am_gw_published_api_details (api_id, tenant_domain, api_provider, api_name, api_version, api_type)
                 VALUES ('a1', 'carbon.super', 'admin', 'PizzaShack', '1.0.0', 'HTTP');
            INSERT INTO am_gw_api_artifacts (api_id, revision_id, artifact, time_stamp)
                 VALUES ('a1', 'r1', 'x', TIMESTAMP '2001-01-01 00:00:00');
            UPDATE am_gw_api_artifacts SET artifact = 'y';
            """)
        #expect(try connection.query("SELECT time_stamp > TIMESTAMP '2020-01-01' FROM am_gw_api_artifacts").rows == [[.boolean(true)]])
    }

    @Test("the seed rows are there and sequences hand out ids like WSO2's")
    func seedsAndSequences() throws {
        let url = try Fixtures.postgresDatabase()
        let connection = try PostgresConnection(url: url)
        _ = try SchemaCreator(database: .shared, schema: Catalog.schema(for: .shared)).create(on: connection)
        let organisation = try connection.query(
            "SELECT um_id, um_org_name, um_status, um_org_type FROM um_org")
        #expect(organisation.rows == [[.text("10084a8d-113f-4211-a0d5-efe36b082211"), .text("Super"), .text("ACTIVE"), .text("TENANT")]])
        #expect(try connection.query("SELECT um_parent_id = um_id, depth FROM um_org_hierarchy").rows == [[.boolean(true), .integer(0)]])

        // UM_UUID_DOMAIN_MAPPER and UM_HYBRID_REMEMBER_ME share UM_HYBRID_REMEMBER_ME_PK_SEQ.
        try connection.execute("INSERT INTO um_domain (um_domain_name, um_tenant_id) VALUES ('PRIMARY', -1234)")
        try connection.execute("INSERT INTO um_uuid_domain_mapper (um_user_id, um_domain_id, um_tenant_id) VALUES ('u-1', 1, -1234)")
        try connection.execute("INSERT INTO um_hybrid_remember_me (um_user_name, um_tenant_id) VALUES ('admin', -1234)")
        #expect(try connection.query("SELECT um_id FROM um_uuid_domain_mapper").rows == [[.integer(1)]])
        #expect(try connection.query("SELECT um_id FROM um_hybrid_remember_me").rows == [[.integer(2)]])
    }

    @Test("WSO2's schema holds only WSO2's objects; the history lives in the wso2db schema")
    func bookkeepingIsApart() throws {
        let url = try Fixtures.postgresDatabase()
        let connection = try PostgresConnection(url: url)
        _ = try SchemaCreator(database: .shared, schema: Catalog.schema(for: .shared)).create(on: connection)
        let publicTables = try connection.query(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").rows[0][0]
        #expect(publicTables == .integer(51))
        let history = try connection.query(
            "SELECT database, version, kind, success FROM wso2db.schema_history")
        #expect(history.rows == [[.text("shared"), .text("4.7.0"), .text("create"), .boolean(true)]])
    }

    @Test("create into a database that holds any of its tables stops, names them and changes nothing")
    func refusesExistingTables() throws {
        let url = try Fixtures.postgresDatabase()
        let connection = try PostgresConnection(url: url)
        try connection.execute("CREATE TABLE um_tenant (keep_me integer); INSERT INTO um_tenant VALUES (42)")
        let before = try CatalogSnapshot.of(url)
        let creator = SchemaCreator(database: .shared, schema: try Catalog.schema(for: .shared))
        let failure = #expect(throws: SchemaCreator.Failure.self) { try creator.create(on: connection) }
        guard case .objectsExist(_, let tables, _) = failure else {
            Issue.record("expected objectsExist, got \(String(describing: failure))")
            return
        }
        #expect(tables == ["UM_TENANT"])
        #expect(try CatalogSnapshot.of(url) == before)
        #expect(try connection.query("SELECT keep_me FROM um_tenant").rows == [[.integer(42)]])
        #expect(try connection.query("SELECT count(*) FROM pg_namespace WHERE nspname = 'wso2db'").rows == [[.integer(0)]])
    }

    @Test("a failure part-way rolls everything back")
    func failurePartWayLeavesNothing() throws {
        let url = try Fixtures.postgresDatabase()
        let connection = try PostgresConnection(url: url)
        // A relation named like REG_PATH's primary-key index is not one of the schema's tables,
        // sequences or indexes, so the pre-check passes and CREATE TABLE reg_path fails half-way.
        try connection.execute("CREATE TABLE pk_reg_path (x integer)")
        let before = try CatalogSnapshot.of(url)
        let creator = SchemaCreator(database: .shared, schema: try Catalog.schema(for: .shared))
        let error = #expect(throws: DatabaseError.self) { try creator.create(on: connection) }
        #expect(error?.sqlState == "42P07")
        #expect(error?.message.contains("pk_reg_path") == true)
        #expect(error?.context?.contains("creating WSO2_SHARED_DB 4.7.0") == true)
        #expect(try CatalogSnapshot.of(url) == before)
    }

    @Test("a second run on the same database stops cleanly while the first holds the lock")
    func lockedByAnotherRun() throws {
        let url = try Fixtures.postgresDatabase()
        let holder = try PostgresConnection(url: url)
        try holder.beginExclusiveTransaction()
        defer { holder.rollback() }
        let second = try PostgresConnection(url: url)
        let creator = SchemaCreator(database: .shared, schema: try Catalog.schema(for: .shared))
        let error = #expect(throws: DatabaseError.self) { try creator.create(on: second) }
        #expect(error?.code == .locked)
        #expect(error?.message.contains("server process") == true)
        #expect(try second.existingObjects().isEmpty)
    }
}

/// The naming rule held against the server on cases WSO2's scripts do not contain.
@Suite("PostgreSQL naming against the server")
struct PostgresNamingServerTests {
    @Test("names wso2db gives unnamed constraints are the ones PostgreSQL generates, clashes included")
    func generatedNamesMatchServer() throws {
        let long = String(repeating: "A", count: 59)
        let schema = Schema("NAMING", version: "1") {
            Table("T") {
                Column(long + "X", .integer, .notNull)
                Column(long + "Y", .integer, .notNull)
                Column("Z", .integer)
                PrimaryKey("Z")
                UniqueConstraint(long + "X")
                UniqueConstraint(long + "Y")
                UniqueConstraint(long + "X", long + "Y")
            }
            Table(String(repeating: "CHILD_", count: 12)) {
                Column(long + "X", .integer)
                Column(long + "Y", .integer)
                ForeignKey([long + "X"], references: "T", [long + "X"])
                ForeignKey([long + "Y"], references: "T", [long + "Y"])
            }
        }
        // What a DBA would run: the same tables with every constraint left unnamed.
        let dialect = PostgresDialect()
        let x = dialect.quote(long + "X")
        let y = dialect.quote(long + "Y")
        let child = dialect.quote(String(repeating: "CHILD_", count: 12))
        let unnamed = """
            CREATE TABLE "t" (\(x) integer NOT NULL, \(y) integer NOT NULL, "z" integer, PRIMARY KEY ("z"),
                UNIQUE (\(x)), UNIQUE (\(y)), UNIQUE (\(x), \(y)));
            CREATE TABLE \(child) (\(x) integer, \(y) integer,
                FOREIGN KEY (\(x)) REFERENCES "t" (\(x)), FOREIGN KEY (\(y)) REFERENCES "t" (\(y)));
            """
        let byServer = try Fixtures.postgresDatabase()
        try Fixtures.psqlFile(try Fixtures.temporaryFile(unnamed), into: byServer)
        let byWSO2DB = try Fixtures.postgresDatabase()
        try Fixtures.psqlFile(try Fixtures.temporaryFile(dialect.script(for: schema)), into: byWSO2DB)
        let serverNames = try CatalogSnapshot.of(byServer).filter { $0.hasPrefix("constraint") }
        #expect(serverNames.count == 6)
        #expect(serverNames.contains { $0.contains("_key1 UNIQUE") })
        #expect(try CatalogSnapshot.of(byWSO2DB).filter { $0.hasPrefix("constraint") } == serverNames)
    }
}
