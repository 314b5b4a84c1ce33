import Foundation
import LocalPostgres
import PostgresDriver
import SQLDriver
import SQLiteDriver
import Testing

/// `wso2db drift` end to end: every kind of change a DBA can make by hand is found (exit 1), named
/// in the JSON, and the printed `--fix-sql`, applied to the database, makes `drift` exit 0 again.
@Suite("wso2db drift")
struct DriftTests {
    /// A hand-made change to a fresh database, and the difference it must produce.
    struct Change: CustomTestStringConvertible, Sendable {
        enum SQLiteChange: Sendable {
            /// Plain SQL.
            case sql(String)
            /// The table rebuilt by hand from its own DDL with one text replaced, as a DBA changes what
            /// SQLite's ALTER TABLE cannot.
            case rewrite(table: String, replacing: String, with: String)
        }

        let label: String
        let database: String
        let postgres: String?
        let sqlite: SQLiteChange?
        /// kind, type and name of the difference the JSON must hold.
        let expected: (kind: String, type: String, name: String)
        /// The aspect that changed, for `changed`.
        let aspect: String?
        /// Whether the repair drops something that may hold data.
        let destructive: Bool

        init(
            _ label: String, _ database: String = "shared", postgres: String?, sqlite: SQLiteChange?,
            expect expected: (String, String, String), aspect: String? = nil, destructive: Bool = false
        ) {
            self.label = label
            self.database = database
            self.postgres = postgres
            self.sqlite = sqlite
            self.expected = expected
            self.aspect = aspect
            self.destructive = destructive
        }

        var testDescription: String { label }
    }

    static let changes: [Change] = [
        Change(
            "missing table", postgres: "DROP TABLE UM_SYSTEM_USER", sqlite: .sql("DROP TABLE UM_SYSTEM_USER"),
            expect: ("missing", "table", "UM_SYSTEM_USER")),
        Change(
            "extra table", postgres: "CREATE TABLE LOCAL_NOTES (ID INTEGER PRIMARY KEY, NOTE TEXT); INSERT INTO LOCAL_NOTES VALUES (1, 'x')",
            sqlite: .sql("CREATE TABLE LOCAL_NOTES (ID INTEGER PRIMARY KEY, NOTE TEXT); INSERT INTO LOCAL_NOTES VALUES (1, 'x')"),
            expect: ("extra", "table", "local_notes"), destructive: true),
        Change(
            "missing column", postgres: "ALTER TABLE UM_TENANT DROP COLUMN UM_ORG_UUID",
            sqlite: .sql("ALTER TABLE UM_TENANT DROP COLUMN UM_ORG_UUID"), expect: ("missing", "column", "UM_ORG_UUID")),
        Change(
            "extra column", postgres: "ALTER TABLE UM_USER ADD COLUMN UM_NOTE VARCHAR(10)",
            sqlite: .sql("ALTER TABLE UM_USER ADD COLUMN UM_NOTE VARCHAR(10)"), expect: ("extra", "column", "um_note"),
            destructive: true),
        Change(
            "column type", postgres: "ALTER TABLE UM_DIALECT ALTER COLUMN UM_TENANT_ID TYPE BIGINT",
            sqlite: .rewrite(table: "UM_DIALECT", replacing: "\"UM_TENANT_ID\" INTEGER", with: "\"UM_TENANT_ID\" BIGINT"),
            expect: ("changed", "column", "UM_TENANT_ID"), aspect: "type"),
        Change(
            "column length", postgres: "ALTER TABLE UM_TENANT ALTER COLUMN UM_EMAIL TYPE VARCHAR(100)",
            sqlite: .rewrite(table: "UM_TENANT", replacing: "\"UM_EMAIL\" VARCHAR(255)", with: "\"UM_EMAIL\" VARCHAR(100)"),
            expect: ("changed", "column", "UM_EMAIL"), aspect: "length"),
        Change(
            "column nullability", postgres: "ALTER TABLE UM_TENANT ALTER COLUMN UM_EMAIL SET NOT NULL",
            sqlite: .rewrite(table: "UM_TENANT", replacing: "\"UM_EMAIL\" VARCHAR(255)", with: "\"UM_EMAIL\" VARCHAR(255) NOT NULL"),
            expect: ("changed", "column", "UM_EMAIL"), aspect: "nullability"),
        Change(
            "column default", postgres: "ALTER TABLE UM_ROLE ALTER COLUMN UM_SHARED_ROLE SET DEFAULT TRUE",
            sqlite: .rewrite(table: "UM_ROLE", replacing: "\"UM_SHARED_ROLE\" BOOLEAN DEFAULT 0", with: "\"UM_SHARED_ROLE\" BOOLEAN DEFAULT 1"),
            expect: ("changed", "column", "UM_SHARED_ROLE"), aspect: "default"),
        Change(
            "missing primary key", postgres: "ALTER TABLE UM_SYSTEM_USER DROP CONSTRAINT um_system_user_pkey",
            sqlite: .rewrite(table: "UM_SYSTEM_USER", replacing: "PRIMARY KEY (\"UM_ID\", \"UM_TENANT_ID\"),", with: ""),
            expect: ("missing", "primary key", "UM_SYSTEM_USER")),
        Change(
            "primary key columns", postgres: "ALTER TABLE UM_SYSTEM_USER DROP CONSTRAINT um_system_user_pkey; ALTER TABLE UM_SYSTEM_USER ADD PRIMARY KEY (UM_ID)",
            sqlite: .rewrite(table: "UM_SYSTEM_USER", replacing: "PRIMARY KEY (\"UM_ID\", \"UM_TENANT_ID\")", with: "PRIMARY KEY (\"UM_ID\")"),
            expect: ("changed", "primary key", "UM_SYSTEM_USER"), aspect: "columns"),
        Change(
            "missing unique constraint", postgres: "ALTER TABLE UM_TENANT DROP CONSTRAINT um_tenant_um_domain_name_key",
            sqlite: .rewrite(table: "UM_TENANT", replacing: "UNIQUE (\"UM_DOMAIN_NAME\"),", with: ""),
            expect: ("missing", "unique constraint", "UM_TENANT")),
        Change(
            "extra unique constraint", postgres: "ALTER TABLE UM_DIALECT ADD CONSTRAINT local_um_dialect_uri_key UNIQUE (UM_DIALECT_URI)",
            sqlite: .rewrite(
                table: "UM_DIALECT", replacing: "UNIQUE (\"UM_DIALECT_URI\", \"UM_TENANT_ID\")",
                with: "UNIQUE (\"UM_DIALECT_URI\", \"UM_TENANT_ID\"), UNIQUE (\"UM_DIALECT_URI\")"),
            expect: ("extra", "unique constraint", "UM_DIALECT_URI")),
        Change(
            "missing foreign key", postgres: "ALTER TABLE UM_ACCOUNT_MAPPING DROP CONSTRAINT um_account_mapping_um_tenant_id_fkey",
            sqlite: .rewrite(
                table: "UM_ACCOUNT_MAPPING", replacing: ",\n    FOREIGN KEY (\"UM_TENANT_ID\") REFERENCES \"UM_TENANT\" (\"UM_ID\") ON DELETE CASCADE",
                with: ""),
            expect: ("missing", "foreign key", "UM_ACCOUNT_MAPPING")),
        Change(
            "foreign key action",
            postgres: """
                ALTER TABLE UM_ACCOUNT_MAPPING DROP CONSTRAINT um_account_mapping_um_tenant_id_fkey;
                ALTER TABLE UM_ACCOUNT_MAPPING ADD CONSTRAINT um_account_mapping_um_tenant_id_fkey FOREIGN KEY (UM_TENANT_ID) REFERENCES UM_TENANT (UM_ID)
                """,
            sqlite: .rewrite(table: "UM_ACCOUNT_MAPPING", replacing: " ON DELETE CASCADE", with: ""),
            expect: ("changed", "foreign key", "UM_ACCOUNT_MAPPING"), aspect: "on delete"),
        Change(
            "foreign key referenced table",
            postgres: """
                ALTER TABLE UM_ACCOUNT_MAPPING DROP CONSTRAINT um_account_mapping_um_tenant_id_fkey;
                ALTER TABLE UM_ACCOUNT_MAPPING ADD CONSTRAINT um_account_mapping_um_tenant_id_fkey FOREIGN KEY (UM_TENANT_ID) REFERENCES UM_MODULE (UM_ID) ON DELETE CASCADE
                """,
            sqlite: .rewrite(table: "UM_ACCOUNT_MAPPING", replacing: "REFERENCES \"UM_TENANT\"", with: "REFERENCES \"UM_MODULE\""),
            expect: ("changed", "foreign key", "UM_ACCOUNT_MAPPING"), aspect: "referenced table"),
        Change(
            "missing index", postgres: "DROP INDEX INDEX_UM_TENANT_UM_DOMAIN_NAME", sqlite: .sql("DROP INDEX INDEX_UM_TENANT_UM_DOMAIN_NAME"),
            expect: ("missing", "index", "INDEX_UM_TENANT_UM_DOMAIN_NAME")),
        Change(
            "extra index", postgres: "CREATE INDEX LOCAL_SALT ON UM_USER (UM_SALT_VALUE)",
            sqlite: .sql("CREATE INDEX LOCAL_SALT ON UM_USER (UM_SALT_VALUE)"), expect: ("extra", "index", "local_salt")),
        Change(
            "index uniqueness",
            postgres: "DROP INDEX INDEX_UM_TENANT_UM_DOMAIN_NAME; CREATE UNIQUE INDEX INDEX_UM_TENANT_UM_DOMAIN_NAME ON UM_TENANT (UM_DOMAIN_NAME)",
            sqlite: .sql("DROP INDEX INDEX_UM_TENANT_UM_DOMAIN_NAME; CREATE UNIQUE INDEX INDEX_UM_TENANT_UM_DOMAIN_NAME ON UM_TENANT (UM_DOMAIN_NAME)"),
            expect: ("changed", "index", "INDEX_UM_TENANT_UM_DOMAIN_NAME"), aspect: "uniqueness"),
        Change(
            "index columns",
            postgres: "DROP INDEX INDEX_UM_TENANT_UM_DOMAIN_NAME; CREATE INDEX INDEX_UM_TENANT_UM_DOMAIN_NAME ON UM_TENANT (LOWER(UM_DOMAIN_NAME), UM_EMAIL)",
            sqlite: .sql("DROP INDEX INDEX_UM_TENANT_UM_DOMAIN_NAME; CREATE INDEX INDEX_UM_TENANT_UM_DOMAIN_NAME ON UM_TENANT (LOWER(UM_DOMAIN_NAME), UM_EMAIL)"),
            expect: ("changed", "index", "INDEX_UM_TENANT_UM_DOMAIN_NAME"), aspect: "keys"),
        Change(
            "missing sequence", postgres: "ALTER TABLE UM_SYSTEM_USER ALTER COLUMN UM_ID DROP DEFAULT; DROP SEQUENCE UM_SYSTEM_USER_PK_SEQ",
            sqlite: .sql("DELETE FROM wso2db_sequence WHERE name = 'UM_SYSTEM_USER_PK_SEQ'"),
            expect: ("missing", "sequence", "UM_SYSTEM_USER_PK_SEQ")),
        Change(
            "extra sequence", postgres: "CREATE SEQUENCE LOCAL_SEQ",
            sqlite: .sql("INSERT INTO wso2db_sequence (name, start, increment, next_value) VALUES ('LOCAL_SEQ', 1, 1, 1)"),
            expect: ("extra", "sequence", "local_seq")),
        Change(
            "sequence increment", postgres: "ALTER SEQUENCE UM_ROLE_PK_SEQ INCREMENT BY 5",
            sqlite: .sql("UPDATE wso2db_sequence SET increment = 5 WHERE name = 'UM_ROLE_PK_SEQ'"),
            expect: ("changed", "sequence", "UM_ROLE_PK_SEQ"), aspect: "increment"),
        Change(
            "missing trigger", "am", postgres: "DROP TRIGGER TIME_STAMP ON AM_GW_API_ARTIFACTS", sqlite: .sql("DROP TRIGGER TIME_STAMP"),
            expect: ("missing", "trigger", "TIME_STAMP")),
        Change(
            "extra trigger", "am",
            postgres: "CREATE TRIGGER LOCAL_AUDIT AFTER DELETE ON AM_API FOR EACH ROW EXECUTE PROCEDURE update_modified_column()",
            sqlite: .sql("CREATE TRIGGER LOCAL_AUDIT AFTER DELETE ON AM_API BEGIN SELECT 1; END"),
            expect: ("extra", "trigger", "local_audit")),
        Change(
            "trigger events", "am",
            postgres: """
                DROP TRIGGER TIME_STAMP ON AM_GW_API_ARTIFACTS;
                CREATE TRIGGER TIME_STAMP BEFORE INSERT OR UPDATE ON AM_GW_API_ARTIFACTS FOR EACH ROW EXECUTE PROCEDURE update_modified_column()
                """,
            sqlite: .sql("DROP TRIGGER TIME_STAMP; CREATE TRIGGER TIME_STAMP AFTER INSERT ON AM_GW_API_ARTIFACTS BEGIN SELECT 1; END"),
            expect: ("changed", "trigger", "TIME_STAMP"), aspect: "events"),
        Change(
            "missing function", "am", postgres: "DROP FUNCTION update_modified_column() CASCADE", sqlite: .sql("DROP TRIGGER TIME_STAMP"),
            expect: ("missing", "function", "update_modified_column")),
        Change(
            "extra function", "am", postgres: "CREATE FUNCTION local_answer() RETURNS integer AS 'SELECT 42' LANGUAGE sql",
            sqlite: nil, expect: ("extra", "function", "local_answer")),
        Change(
            "function body", "am",
            postgres: """
                CREATE OR REPLACE FUNCTION update_modified_column() RETURNS TRIGGER AS $$
                BEGIN NEW.TIME_STAMP = now() - interval '1 hour'; RETURN NEW; END; $$ LANGUAGE plpgsql
                """,
            sqlite: nil, expect: ("changed", "function", "update_modified_column"), aspect: "body"),
    ]

    @Test("PostgreSQL: each hand-made change is found, named, and repaired by --fix-sql", arguments: changes)
    func postgres(change: Change) throws {
        guard let mutation = change.postgres else { return }
        let server = try LocalPostgres.shared()
        let database = try server.createDatabase()
        let url = server.url(database: database)
        try #require(try BuiltBinary.wso2db(["create", change.database, "--url", url]).status == 0)
        try server.psql(database: database, command: mutation)
        try checkFoundAndRepaired(change, url: url) { script in
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("fix-\(UUID().uuidString).sql").path
            try script.write(toFile: file, atomically: true, encoding: .utf8)
            try server.psql(database: database, file: file)
        }
    }

    @Test("SQLite: each hand-made change is found, named, and repaired by --fix-sql", arguments: changes)
    func sqlite(change: Change) throws {
        guard let mutation = change.sqlite else { return }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wso2db-drift-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("db.sqlite").path
        let url = "sqlite:\(path)"
        try #require(try BuiltBinary.wso2db(["create", change.database, "--url", url]).status == 0)
        let connection = try SQLiteConnection(url: SQLite.url(path: path), mode: .readWrite)
        switch mutation {
        case .sql(let sql):
            try connection.execute(sql)
        case .rewrite(let table, let old, let new):
            try Self.rewrite(table, replacing: old, with: new, on: connection)
        }
        try checkFoundAndRepaired(change, url: url) { script in try connection.execute(script) }
    }

    /// Drift finds the change (exit 1, named in the JSON); the printed repair, applied, leaves no drift.
    func checkFoundAndRepaired(_ change: Change, url: String, apply: (String) throws -> Void) throws {
        let found = try BuiltBinary.wso2db(["drift", change.database, "--url", url, "--format", "json"])
        #expect(found.status == 1, "drift must exit 1: \(found.standardError)")
        let report = try JSONSerialization.jsonObject(with: Data(found.standardOutput.utf8)) as? [String: Any]
        #expect(report?["drift"] as? Bool == true)
        let differences = report?["differences"] as? [[String: Any]] ?? []
        let named = differences.first {
            ($0["kind"] as? String) == change.expected.kind && ($0["type"] as? String) == change.expected.type
                && ($0["name"] as? String)?.lowercased().contains(change.expected.name.lowercased()) == true
        }
        #expect(named != nil, "expected \(change.expected) among \(differences)")
        if let aspect = change.aspect {
            let aspects = (named?["changes"] as? [[String: Any]] ?? []).compactMap { $0["aspect"] as? String }
            #expect(aspects.contains(aspect), "aspect \(aspect) among \(aspects)")
        }

        if change.destructive {
            // Without --allow-destructive the drop is printed commented out, with its reason, and
            // applying the script leaves the object (and its data) where it is.
            let guarded = try BuiltBinary.wso2db(["drift", change.database, "--url", url, "--fix-sql"])
            #expect(guarded.standardOutput.contains("-- skipped: drops"))
            try apply(guarded.standardOutput)
            #expect(try BuiltBinary.wso2db(["drift", change.database, "--url", url]).status == 1)
        }
        var arguments = ["drift", change.database, "--url", url, "--fix-sql"]
        if change.destructive { arguments.append("--allow-destructive") }
        let fix = try BuiltBinary.wso2db(arguments)
        #expect(fix.status == 1)
        try apply(fix.standardOutput)
        let after = try BuiltBinary.wso2db(["drift", change.database, "--url", url])
        #expect(after.status == 0, "after the repair: \(after.standardOutput)\(after.standardError)\nrepair was:\n\(fix.standardOutput)")
    }

    /// Rebuilds a table from its own DDL with one text replaced, keeping its rows, indexes and triggers.
    static func rewrite(_ table: String, replacing old: String, with new: String, on connection: SQLiteConnection) throws {
        let objects = try connection.query("SELECT type, sql FROM sqlite_schema WHERE tbl_name = ?1 AND sql IS NOT NULL", .text(table)).rows
        let create = try #require(objects.first { $0[0].textValue == "table" }?[1].textValue)
        try #require(create.contains(old), "the DDL of \(table) has no \(old)")
        let others = objects.filter { $0[0].textValue != "table" }.compactMap { $0[1].textValue }
        let changed = create.replacingOccurrences(of: old, with: new).replacingOccurrences(
            of: "CREATE TABLE \"\(table)\"", with: "CREATE TABLE \"rewritten\"")
        try connection.execute("PRAGMA foreign_keys = OFF")
        try connection.execute(
            "BEGIN; \(changed); INSERT INTO \"rewritten\" SELECT * FROM \"\(table)\"; DROP TABLE \"\(table)\"; "
                + "ALTER TABLE \"rewritten\" RENAME TO \"\(table)\"; " + others.map { $0 + ";" }.joined(separator: " ") + " COMMIT")
        try connection.execute("PRAGMA foreign_keys = ON")
    }
}
