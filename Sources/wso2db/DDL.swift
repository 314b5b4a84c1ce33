import ArgumentParser
import MySQLDriver
import PostgresDriver
import SQLDriver
import SQLiteDriver
import WSO2Catalog
import WSO2Schema

/// `wso2db ddl`: prints a database's DDL for one engine, touching no database.
struct DDL: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the DDL that creates a WSO2 database, for PostgreSQL, SQLite or MySQL.",
        discussion: """
            The output is a script: `wso2db ddl shared --dialect postgres | psql -v ON_ERROR_STOP=1 -d DB`, or
            `wso2db ddl shared --dialect mysql | mysql DB` (the schema WSO2's MySQL script builds).
            """
    )

    enum DialectName: String, ExpressibleByArgument, CaseIterable {
        case postgres, postgresql, sqlite, mysql, mariadb
    }

    @OptionGroup var schemaOptions: SchemaOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "The SQL dialect: postgres, sqlite or mysql.")
    var dialect: DialectName

    func run() throws {
        try reportingFailures(output.console()) {
            let (database, version) = (schemaOptions.database, schemaOptions.productVersion)
            let schema: Schema
            let engineName: String
            let script: String
            switch dialect {
            case .postgres, .postgresql, .sqlite:
                let sqlDialect: any SQLDialect = dialect == .sqlite ? SQLiteDialect() : PostgresDialect()
                schema = try Catalog.schema(for: database, version: version)
                (engineName, script) = (sqlDialect.engineName, sqlDialect.script(for: schema))
            case .mysql, .mariadb:
                // WSO2's MySQL scripts build a schema of their own, kept in the MySQL catalog.
                schema = try Catalog.mySQLSchema(for: database, version: version)
                (engineName, script) = (MySQLDialect().engineName, MySQLDialect().script(for: schema))
            }
            print("-- \(schema.name) for API-M \(schema.version), \(engineName) dialect, written by wso2db")
            print(script, terminator: "")
        }
    }
}
