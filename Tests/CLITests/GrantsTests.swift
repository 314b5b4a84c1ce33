import Foundation
import LocalPostgres
import PostgresDriver
import SQLDriver
import Testing
import WSO2Catalog
import WSO2Schema

/// `wso2db grants --apply` on a real PostgreSQL: each role can do exactly what WSO2's deployment matrix
/// says its component needs, in databases made by `wso2db create` and holding a row in every table.
@Suite("wso2db grants")
struct GrantsTests {
    /// A layout's databases, made by `create` and filled, and how each component's role may touch them.
    struct Deployment {
        let layout: String
        /// `--am URL` … as given to grants, with the catalog schema of each database.
        let databases: [(option: String, name: String, schema: Schema)]
        /// Per component suffix and database option: read-write, connect-only, or none.
        let expected: [String: [String: String]]
    }

    static let components = ["publisher", "devportal", "keymanager", "gateway", "trafficmanager"]

    /// The matrix as WSO2's documentation states it (not as the code has it): which access each
    /// component's role must end up with, single-tenant.
    static func expected(layout: String) -> [String: [String: String]] {
        layout == "4.x"
            ? [
                "publisher": ["am": "rw", "shared": "rw"], "devportal": ["am": "rw", "shared": "rw"],
                "keymanager": ["am": "rw", "shared": "rw"], "gateway": ["am": "none", "shared": "none"],
                "trafficmanager": ["am": "none", "shared": "none"],
            ]
            : [
                "publisher": ["am": "rw", "um": "rw", "reg": "rw"], "devportal": ["am": "rw", "um": "rw", "reg": "rw"],
                "keymanager": ["am": "rw", "um": "rw", "reg": "none"], "gateway": ["am": "connect", "um": "none", "reg": "none"],
                "trafficmanager": ["am": "none", "um": "none", "reg": "none"],
            ]
    }

    /// Makes the layout's databases with `wso2db create`, each with exactly one row per table.
    static func deploy(layout: String, server: LocalPostgres) throws -> [(option: String, name: String, schema: Schema)] {
        let databases: [(String, WSO2Database, String)] =
            layout == "4.x" ? [("am", .am, "4.7.0"), ("shared", .shared, "4.7.0")] : [("am", .am, "2.6.0"), ("um", .um, "2.6.0"), ("reg", .reg, "2.6.0")]
        return try databases.map { option, database, version in
            let name = try server.createDatabase(prefix: "g\(option)")
            let created = try BuiltBinary.wso2db(["create", option, "--version", version, "--url", server.url(database: name), "-q"])
            try #require(created.status == 0, "\(created.standardError)")
            let schema = try Catalog.schema(for: database, version: version)
            try fillOneRow(server: server, database: name, schema: schema)
            return (option, name, schema)
        }
    }

    /// One row in every table (the seed rows removed first, so that row 1 is free everywhere).
    static func fillOneRow(server: LocalPostgres, database: String, schema: Schema) throws {
        let connection = try PostgresConnection(url: PostgreSQL.url(server.url(database: database)))
        try connection.execute("TRUNCATE " + schema.tables.map { connection.dialect.quote($0.name) }.joined(separator: ", ") + " CASCADE")
        try TableData.fill(connection, schema: schema, rows: 1)
    }

    /// A connection as `role` (the throwaway server trusts loopback connections, so no password is asked).
    static func connect(_ server: LocalPostgres, as role: String, to database: String) throws -> PostgresConnection {
        try PostgresConnection(url: PostgreSQL.url(server.url(database: database).replacingOccurrences(of: "postgres@", with: "\(role)@")))
    }

    static func sqlState(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let error as DatabaseError {
            return error.sqlState ?? "no SQLSTATE: \(error)"
        } catch {
            return "\(error)"
        }
    }

    @Test("roles made by grants --apply can use every table of their databases, nothing else, and never run DDL", arguments: ["4.x", "2.x"])
    func leastPrivilege(layout: String) throws {
        let server = try LocalPostgres.shared()
        let databases = try Self.deploy(layout: layout, server: server)
        let prefix = "g\(UUID().uuidString.prefix(8).lowercased().filter(\.isLetter))"
        var arguments = ["grants", "--apply", "--role-prefix", prefix, "--format", "json"]
        for database in databases { arguments += ["--\(database.option)", server.url(database: database.name)] }
        let aclBefore = try Self.acls(server, databases.map(\.name), roles: prefix)
        let first = try BuiltBinary.wso2db(arguments, input: "owner=Own3r'pw\\\npublisher=Pub;pw\n")
        try #require(first.status == 0, "\(first.standardError)")
        #expect(!first.standardOutput.contains("Own3r") && !first.standardError.contains("Own3r") && !first.standardOutput.contains("Pub;pw"))
        #expect(try Self.acls(server, databases.map(\.name), roles: prefix) != aclBefore)

        // The second run changes nothing, by the tool's own account and by the catalog's.
        let aclAfterFirst = try Self.acls(server, databases.map(\.name), roles: prefix)
        let second = try BuiltBinary.wso2db(arguments)
        try #require(second.status == 0, "\(second.standardError)")
        let report = try JSONSerialization.jsonObject(with: Data(second.standardOutput.utf8)) as? [String: Any]
        let changed = (report?["databases"] as? [[String: Any]])?.map { $0["changed"] as? Bool }
        #expect(changed == Array(repeating: false, count: databases.count), "\(second.standardOutput)")
        #expect(try Self.acls(server, databases.map(\.name), roles: prefix) == aclAfterFirst)

        let expected = Self.expected(layout: layout)
        for component in Self.components {
            let role = "\(prefix)_\(component)"
            for database in databases {
                switch expected[component]![database.option]! {
                case "rw":
                    try Self.exerciseEveryTable(try Self.connect(server, as: role, to: database.name), schema: database.schema, role: role)
                    try Self.refusesDDL(try Self.connect(server, as: role, to: database.name), table: database.schema.tables[0], role: role)
                case "connect":
                    let connection = try Self.connect(server, as: role, to: database.name)
                    for table in database.schema.tables {
                        #expect(Self.sqlState { _ = try connection.query("SELECT * FROM public.\(connection.dialect.quote(table.name))") } == "42501", "\(role) read \(table.name)")
                    }
                    try Self.refusesDDL(connection, table: database.schema.tables[0], role: role)
                default:
                    #expect(throws: DatabaseError.self, "\(role) connected to \(database.option)") { try Self.connect(server, as: role, to: database.name) }
                }
            }
        }
        // The owner runs DDL.
        let owner = try Self.connect(server, as: "\(prefix)_owner", to: databases[0].name)
        try owner.execute("CREATE TABLE owner_probe (id INTEGER); DROP TABLE owner_probe")
    }

    @Test("after a migrate run by the owner adds tables (shared 4.0.0 → 4.7.0), the runtime roles can use them")
    func defaultPrivilegesReachNewTables() throws {
        let server = try LocalPostgres.shared()
        let name = try server.createDatabase(prefix: "gmig")
        try #require(try BuiltBinary.wso2db(["create", "shared", "--version", "4.0.0", "--url", server.url(database: name), "-q"]).status == 0)
        let old = try Catalog.schema(for: .shared, version: "4.0.0")
        try Self.fillOneRow(server: server, database: name, schema: old)
        let prefix = "m\(UUID().uuidString.prefix(8).lowercased().filter(\.isLetter))"
        let granted = try BuiltBinary.wso2db(["grants", "--apply", "--role-prefix", prefix, "--shared", server.url(database: name), "-q"])
        try #require(granted.status == 0, "\(granted.standardError)")

        // Only the owner may migrate: a runtime role is refused, the owner succeeds.
        let asRole = { (role: String) in server.url(database: name).replacingOccurrences(of: "postgres@", with: "\(role)@") }
        #expect(try BuiltBinary.wso2db(["migrate", "shared", "--url", asRole("\(prefix)_keymanager"), "-q"]).status == 2)
        let migrated = try BuiltBinary.wso2db(["migrate", "shared", "--url", asRole("\(prefix)_owner"), "-q"])
        try #require(migrated.status == 0, "\(migrated.standardError)")

        let new = try Catalog.schema(for: .shared, version: "4.7.0")
        let added = new.tables.filter { old.table(named: $0.name) == nil }
        try #require(!added.isEmpty)
        for component in ["publisher", "keymanager"] {
            let connection = try Self.connect(server, as: "\(prefix)_\(component)", to: name)
            let dialect = connection.dialect
            try connection.execute("BEGIN")
            defer { connection.rollback() }
            for table in Self.topologicalOrder(Schema(name: "added", version: "", sequences: [], tables: added, seeds: [], functions: [], triggers: [])) {
                let values = table.columns.map { InsertValue.value(TableData.value(for: $0, row: 1)) }
                let insert = dialect.insertStatement(.seeds, "row", into: dialect.quote(table.name), columns: table.columns.map(\.name), values: values)
                #expect(Self.sqlState { try connection.run(insert.statement) } == nil, "\(component) inserts into new table \(table.name)")
                let first = dialect.quote(table.columns[0].name)
                #expect(try connection.run(SQLStatement("UPDATE \(dialect.quote(table.name)) SET \(first) = \(first)")) >= 1)
                #expect(try connection.query("SELECT * FROM \(dialect.quote(table.name))").rows.count >= 1)
            }
            for table in Self.topologicalOrder(Schema(name: "added", version: "", sequences: [], tables: added, seeds: [], functions: [], triggers: [])).reversed() {
                #expect(try connection.run(SQLStatement("DELETE FROM \(dialect.quote(table.name))")) >= 1, "\(component) deletes from \(table.name)")
            }
            for sequence in new.sequences where old.sequence(named: sequence.name) == nil {
                #expect(Self.sqlState { _ = try connection.query("SELECT nextval($1)", .text(dialect.storedName(sequence.name))) } == nil)
            }
        }
    }

    @Test("SQLite: file permissions are the only control, said in the script and by --apply, which changes nothing")
    func sqlite() throws {
        let folder = try CLITests.temporaryFolder()
        try #require(try BuiltBinary.wso2db(["create", "shared", "--url", "sqlite:\(folder)/shared.db", "-q"]).status == 0)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: folder + "/shared.db"))
        let printed = try BuiltBinary.wso2db(["grants", "--shared", "sqlite:\(folder)/shared.db"])
        #expect(printed.status == 0)
        #expect(printed.standardOutput.contains("SQLite has no roles or privileges: the file's permissions are the only control"))
        #expect(printed.standardOutput.contains("chmod 600 \(folder)/shared.db"))
        #expect(!printed.standardOutput.contains("GRANT"))
        let applied = try BuiltBinary.wso2db(["grants", "--shared", "sqlite:\(folder)/shared.db", "--apply"])
        #expect(applied.status == 0)
        #expect(applied.standardOutput.contains("the only control"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder + "/shared.db")) == bytes)
    }

    @Test("bad input: a password line without a role is refused without showing it; passwords need --apply; a 4.x database on 2.x")
    func badInput() throws {
        let url = "postgres://postgres@127.0.0.1:1/none"
        let line = try BuiltBinary.wso2db(["grants", "--am", url, "--shared", url, "--apply", "--password-stdin"], input: "Hunter2-secret\n")
        #expect(line.status == 2)
        #expect(line.standardError.contains("password line 1 does not start with a role"))
        #expect(!line.standardError.contains("Hunter2") && !line.standardOutput.contains("Hunter2"))
        #expect(try BuiltBinary.wso2db(["grants", "--am", url, "--password-stdin"]).status == 64)
        let layout = try BuiltBinary.wso2db(["grants", "--layout", "2.x", "--am", url, "--shared", url])
        #expect(layout.status == 2)
        #expect(layout.standardError.contains("WSO2_SHARED_DB is not a database of API-M 2.x"))
        #expect(try BuiltBinary.wso2db(["grants", "--am", url, "--role-prefix", "Bad-Name"]).status == 2)
    }

    /// Selects, updates, deletes and inserts back the one row of every table, as `role`, in one
    /// transaction (deleting children before parents, inserting parents before children), rolled back.
    static func exerciseEveryTable(_ connection: PostgresConnection, schema: Schema, role: String) throws {
        let dialect = connection.dialect
        let order = topologicalOrder(schema)
        try connection.execute("BEGIN")
        defer { connection.rollback() }
        var rows: [String: QueryResult] = [:]
        for table in order {
            let columns = table.columns.map { dialect.quote($0.name) }.joined(separator: ", ")
            let selected = try connection.query("SELECT \(columns) FROM \(dialect.quote(table.name))")
            // A key-less table holds its row twice (TableData's way of testing duplicates).
            try #require(!selected.rows.isEmpty, "\(role): \(table.name) is empty")
            rows[table.name] = selected
            let first = dialect.quote(table.columns[0].name)
            #expect(
                try connection.run(SQLStatement("UPDATE \(dialect.quote(table.name)) SET \(first) = \(first)")) == selected.rows.count,
                "\(role) updates \(table.name)")
        }
        for table in order.reversed() {
            #expect(
                try connection.run(SQLStatement("DELETE FROM \(dialect.quote(table.name))")) == rows[table.name]!.rows.count,
                "\(role) deletes from \(table.name)")
        }
        for table in order {
            for row in rows[table.name]!.rows {
                let insert = dialect.insertStatement(
                    .seeds, "row", into: dialect.quote(table.name), columns: table.columns.map(\.name), values: row.map { InsertValue.value($0) })
                #expect(try connection.run(insert.statement) == 1, "\(role) inserts into \(table.name)")
            }
        }
    }

    /// Every kind of DDL a runtime role might try is refused for want of privilege.
    static func refusesDDL(_ connection: PostgresConnection, table: Table, role: String) throws {
        // Qualified, so that a role without USAGE on public is refused for want of privilege, not for a name it cannot see.
        let quoted = "public." + connection.dialect.quote(table.name)
        for statement in [
            "CREATE TABLE public.probe (id INTEGER)", "CREATE TEMPORARY TABLE probe (id INTEGER)", "ALTER TABLE \(quoted) ADD COLUMN probe INTEGER",
            "CREATE INDEX probe ON \(quoted) (\(connection.dialect.quote(table.columns[0].name)))", "DROP TABLE \(quoted)", "TRUNCATE \(quoted)",
            "CREATE SCHEMA probe",
        ] {
            let state = sqlState { try connection.execute(statement) }
            #expect(state == "42501", "\(role): \(statement) gave \(state ?? "success")")
        }
    }

    /// Parents before children, by the schema's foreign keys.
    static func topologicalOrder(_ schema: Schema) -> [Table] {
        var done: Set<String> = []
        var order: [Table] = []
        func visit(_ table: Table, _ path: Set<String>) {
            let name = table.name.uppercased()
            guard !done.contains(name), !path.contains(name) else { return }
            for key in table.foreignKeys where key.referencedTable.uppercased() != name {
                if let parent = schema.table(named: key.referencedTable) { visit(parent, path.union([name])) }
            }
            done.insert(name)
            order.append(table)
        }
        for table in schema.tables { visit(table, []) }
        return order
    }

    /// Every ownership and privilege of the databases and their objects, read from the catalog as
    /// the superuser (independently of the fingerprint wso2db takes).
    static func acls(_ server: LocalPostgres, _ databases: [String], roles prefix: String) throws -> String {
        try databases.map { database in
            try server.psql(
                database: database,
                command: """
                    SELECT string_agg(x, E'\\n' ORDER BY x) FROM (
                      SELECT relname || ' ' || relowner::regrole::text || ' ' || coalesce(relacl::text, '') FROM pg_class WHERE relnamespace = 'public'::regnamespace
                      UNION ALL SELECT 'db ' || datdba::regrole::text || ' ' || coalesce(datacl::text, '') FROM pg_database WHERE datname = current_database()
                      UNION ALL SELECT 'schema ' || nspowner::regrole::text || ' ' || coalesce(nspacl::text, '') FROM pg_namespace WHERE nspname = 'public'
                      UNION ALL SELECT 'default ' || defaclrole::regrole::text || ' ' || defaclobjtype::text || ' ' || defaclacl::text FROM pg_default_acl
                      UNION ALL SELECT 'role ' || rolname || ' ' || coalesce(rolpassword, '') FROM pg_authid WHERE rolname LIKE '\(prefix)\\_%') AS a(x)
                    """, extraArguments: ["-t", "-A"])
        }.joined(separator: "\n--\n")
    }
}
