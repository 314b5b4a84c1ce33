import Foundation
import AllDrivers
import LocalPostgres
import PostgresDriver
import SQLDriver
import SQLiteDriver
import WSO2Schema

/// Fresh databases for one test each, and the files the tests compare against.
enum Fixtures {
    /// The package root, found from this file's path.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A fresh, empty PostgreSQL database on the throwaway server; fails with what to install when
    /// no server can be started (never skips).
    static func postgresDatabase() throws -> DatabaseURL {
        let server = try LocalPostgres.shared()
        AllDrivers.register()
        return try PostgreSQL.url(server.url(database: try server.createDatabase()))
    }

    /// A path for a new SQLite file in a fresh temporary folder.
    static func sqlitePath(_ name: String = "test.db") throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wso2db-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent(name).path
    }

    /// One of WSO2's scripts in `../shared/reference/wso2/`, the specification the catalog is held against.
    static func referenceScript(_ name: String) throws -> String {
        let path = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/reference/wso2/\(name)").path
        guard FileManager.default.fileExists(atPath: path) else {
            throw MissingFixture(path: path)
        }
        return path
    }

    /// Runs WSO2's script (or any SQL file) with `psql -f`, as a DBA would.
    static func psqlFile(_ path: String, into url: DatabaseURL) throws {
        guard url.driver == "postgresql", let host = url.host, let port = url.port, let user = url.user, let database = url.database else {
            fatalError("psql needs a PostgreSQL URL with host, port, user and database")
        }
        let server = try LocalPostgres.shared()
        try LocalPostgres.run(
            server.binDirectory + "/psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", host, "-p", port, "-U", user, "-d", database, "-f", path])
    }

    /// Writes `text` to a temporary file and returns its path.
    static func temporaryFile(_ text: String, suffix: String = ".sql") throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("wso2db-\(UUID().uuidString)\(suffix)").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}

struct MissingFixture: Error, CustomStringConvertible {
    let path: String
    var description: String {
        "\(path) is missing: the integration tests compare against WSO2's scripts in ../shared/reference/wso2 beside the checkout"
    }
}

/// Everything structural about the `public` schema of a PostgreSQL database, one sorted line per
/// fact, read straight from `pg_catalog` with the server's own deparsers. Two databases with the
/// same snapshot are structurally identical: tables, columns (type, length, nullability, default),
/// constraints with their names and definitions, indexes with names and definitions, sequences
/// with their parameters, functions and triggers.
enum CatalogSnapshot {
    static func of(_ url: DatabaseURL) throws -> [String] {
        let connection = try PostgresConnection(url: url)
        let queries = [
            """
            SELECT 'column ' || c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
                   || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END
                   || coalesce(' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid), '') || ' #' || a.attnum
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
              LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
             WHERE n.nspname = 'public' AND c.relkind = 'r'
            """,
            """
            SELECT 'constraint ' || c.relname || ' ' || k.conname || ' ' || pg_get_constraintdef(k.oid)
              FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = 'public'
            """,
            """
            SELECT 'index ' || pg_get_indexdef(i.indexrelid)
              FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = 'public'
            """,
            """
            SELECT 'sequence ' || s.sequencename || ' ' || s.data_type || ' start ' || s.start_value || ' min ' || s.min_value
                   || ' max ' || s.max_value || ' inc ' || s.increment_by || ' cycle ' || s.cycle || ' cache ' || s.cache_size
              FROM pg_sequences s WHERE s.schemaname = 'public'
            """,
            """
            SELECT 'owned ' || c.relname || ' by ' || coalesce(t.relname, '-')
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              LEFT JOIN pg_depend d ON d.objid = c.oid AND d.deptype = 'a' AND d.refobjsubid > 0
              LEFT JOIN pg_class t ON t.oid = d.refobjid
             WHERE n.nspname = 'public' AND c.relkind = 'S'
            """,
            """
            SELECT 'relation ' || c.relname || ' kind ' || c.relkind::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = 'public'
            """,
            """
            SELECT 'trigger ' || pg_get_triggerdef(t.oid) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
              JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND NOT t.tgisinternal
            """,
            """
            SELECT 'function ' || p.proname || '(' || pg_get_function_arguments(p.oid) || ') returns '
                   || pg_get_function_result(p.oid) || ' language ' || l.lanname
              FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang
             WHERE n.nspname = 'public'
            """,
        ]
        var lines: [String] = []
        for sql in queries {
            lines += try connection.query(SQLStatement(sql)).rows.map { $0[0].textValue ?? "" }
        }
        return lines.sorted()
    }

    /// Every row of every table of the schema, as sorted JSON lines, with timestamp columns left out
    /// (a script's `CURRENT_TIMESTAMP` is the moment it ran).
    static func rows(_ url: DatabaseURL, _ schema: Schema) throws -> [String] {
        let connection = try PostgresConnection(url: url)
        let dialect = PostgresDialect()
        var lines: [String] = []
        for table in schema.tables {
            let stamps = table.columns.filter { if case .timestamp = $0.type { true } else { false } }
                .map { dialect.stringLiteral(dialect.storedName($0.name)) }
            let json = "to_jsonb(t)" + (stamps.isEmpty ? "" : " - ARRAY[\(stamps.joined(separator: ", "))]::text[]")
            lines += try connection.query("SELECT (\(json))::text FROM \(dialect.quote(table.name)) t").rows
                .map { "\(table.name) \($0[0].textValue ?? "")" }
        }
        return lines.sorted()
    }

    /// Where every sequence of the public schema stands.
    static func sequencePositions(_ url: DatabaseURL) throws -> [String] {
        try PostgresConnection(url: url).query(
            "SELECT sequencename || ' ' || coalesce(last_value::text, 'unused') FROM pg_sequences WHERE schemaname = 'public'"
        ).rows.map { $0[0].textValue ?? "" }.sorted()
    }
}
