import Foundation
import Migrations
import PostgresDriver
import SQLDriver
import SQLiteDriver
import Testing
import WSO2Catalog
import WSO2Schema
@testable import WSO2Migrator

/// The step vocabulary beyond adding things: renames, explicit drops and per-engine SQL, rendered
/// by each dialect and run on real PostgreSQL and SQLite databases made by `create`.
@Suite("migration step vocabulary")
struct StepVocabularyTests {
    enum Engine: String, CaseIterable {
        case postgres, sqlite

        func connection() throws -> any DatabaseConnection {
            switch self {
            case .postgres: try PostgresConnection(url: try Fixtures.postgresDatabase())
            case .sqlite: try SQLiteConnection(url: SQLite.url(path: try Fixtures.sqlitePath()), mode: .readWriteCreate)
            }
        }
    }

    static let renames: [SchemaChange] = [
        .renameTable(from: "REG_LOG", to: "REG_ACTIVITY_LOG"),
        .renameColumn(table: "UM_USER", from: "UM_USER_NAME", to: "UM_LOGIN_NAME"),
        .renameIndex(table: "UM_HYBRID_ROLE", from: "UM_ROLE_NAME_IND", to: "UM_HYBRID_ROLE_NAME_IND"),
    ]

    /// A step past 4.7.0 that renames, drops and runs SQL of its own.
    static let step = MigrationStep(
        from: "4.7.0", to: "test", description: "renames, drops and raw SQL",
        operations: [
            .schema(renames + [.dropTable("UM_HYBRID_REMEMBER_ME"), .dropColumn(table: "UM_TENANT", column: "UM_ORG_UUID")]),
            .sql(
                RawSQL(
                    "lower-case every domain name",
                    statements: [
                        "postgresql": ["DO $$ BEGIN UPDATE um_domain SET um_domain_name = lower(um_domain_name); END $$"],
                        "sqlite": ["UPDATE UM_DOMAIN SET UM_DOMAIN_NAME = lower(UM_DOMAIN_NAME)"],
                    ])),
        ])

    @Test("renames keep rows and come out exactly as the model says; explicit drops are shown and counted", arguments: Engine.allCases)
    func renamesAndDrops(engine: Engine) throws {
        let connection = try engine.connection()
        let dialect = connection.dialect
        let shared = try Catalog.schema(for: .shared, version: "4.7.0")
        _ = try SchemaCreator(database: .shared, schema: shared).create(on: connection)
        try connection.execute(
            """
            INSERT INTO \(dialect.quote("REG_LOG")) (\(dialect.quoteList(["REG_PATH", "REG_USER_ID", "REG_LOGGED_TIME", "REG_ACTION", "REG_TENANT_ID"])))
              VALUES ('/a', 'admin', CURRENT_TIMESTAMP, 1, -1234);
            INSERT INTO \(dialect.quote("UM_DOMAIN")) (\(dialect.quoteList(["UM_DOMAIN_NAME", "UM_TENANT_ID"]))) VALUES ('PRIMARY', -1234);
            INSERT INTO \(dialect.quote("UM_HYBRID_REMEMBER_ME")) (\(dialect.quoteList(["UM_USER_NAME", "UM_TENANT_ID"]))) VALUES ('admin', -1234)
            """)
        try connection.execute(
            "INSERT INTO \(dialect.quote("UM_USER")) (\(dialect.quoteList(["UM_USER_ID", "UM_USER_NAME", "UM_USER_PASSWORD", "UM_CHANGED_TIME", "UM_TENANT_ID"]))) "
                + "VALUES ('u-1', 'alice', 'x', CURRENT_TIMESTAMP, -1234)")

        // What would be lost is counted before anything runs: the table with its row; the column is empty.
        let losses = try Migrator.losses(of: [Self.step], live: try connection.inspectSchema(), on: connection)
        #expect(losses == ["the step to test drops table UM_HYBRID_REMEMBER_ME and its 1 rows"])

        let statements = try Migrator.statements(of: Self.step, for: dialect)
        let script = dialect.repairScript(statements, allowingDestructive: true)
        #expect(script.contains("-- destructive: drops table UM_HYBRID_REMEMBER_ME and every row in it"), "\(script)")
        #expect(script.contains("-- destructive: drops column UM_TENANT.UM_ORG_UUID and its data"), "\(script)")
        #expect(!script.contains("DROP TABLE \(dialect.quote("REG_LOG"))"), "a rename is not a drop and a create: \(script)")

        for statement in dialect.transaction(of: statements) where !statement.isComment {
            do {
                try connection.run(statement.statement)
            } catch {
                Issue.record("\(statement.sql): \(error)")
                throw error
            }
        }
        let expected = dialect.inspectedForm(of: shared.applying(Self.step.schemaChanges))
        let differences = SchemaDiffer.differences(expected: expected, actual: try connection.inspectSchema())
        #expect(differences.map(\.line) == [])
        // The rows went with their table and column, and the raw SQL ran.
        #expect(try connection.query("SELECT \(dialect.quote("REG_USER_ID")) FROM \(dialect.quote("REG_ACTIVITY_LOG"))").rows == [[.text("admin")]])
        #expect(try connection.query("SELECT \(dialect.quote("UM_LOGIN_NAME")) FROM \(dialect.quote("UM_USER"))").rows == [[.text("alice")]])
        #expect(try connection.query("SELECT \(dialect.quote("UM_DOMAIN_NAME")) FROM \(dialect.quote("UM_DOMAIN"))").rows == [[.text("primary")]])
        // The renamed table still numbers new rows from its sequence.
        try connection.execute(
            "INSERT INTO \(dialect.quote("REG_ACTIVITY_LOG")) (\(dialect.quoteList(["REG_USER_ID", "REG_LOGGED_TIME", "REG_ACTION", "REG_TENANT_ID"]))) "
                + "VALUES ('bob', CURRENT_TIMESTAMP, 1, -1234)")
        let ids = try connection.query("SELECT \(dialect.quote("REG_LOG_ID")) FROM \(dialect.quote("REG_ACTIVITY_LOG")) ORDER BY 1").rows
        #expect(ids == [[.integer(1)], [.integer(2)]])
    }

    @Test("an operation with no SQL for the engine, or a rename of what is not there, is an error naming it, not a trap", arguments: Engine.allCases)
    func cannotRender(engine: Engine) throws {
        let dialect: any SQLDialect = engine == .postgres ? PostgresDialect() : SQLiteDialect()
        let onlyMySQL = MigrationStep(
            from: "4.7.0", to: "test", description: "",
            operations: [.sql(RawSQL("MySQL only", statements: ["mysql": ["SELECT 1"]]))])
        #expect {
            try Migrator.statements(of: onlyMySQL, for: dialect)
        } throws: { error in
            "\(error)".contains("SQL “MySQL only”") && "\(error)".contains("it is written for mysql, not \(dialect.engineName)")
        }
        let missing = MigrationStep(from: "4.7.0", to: "test", description: "", operations: [.schema([.renameTable(from: "NO_SUCH", to: "X")])])
        #expect {
            try Migrator.statements(of: missing, for: dialect)
        } throws: { error in
            "\(error)".contains("rename-table NO_SUCH X") && "\(error)".contains("there is no table NO_SUCH")
        }
    }
}
