import ArgumentParser
import PostgresDriver
import SQLDriver
import SQLiteDriver
import WSO2Catalog

/// `wso2db ddl`: prints a database's DDL for one engine, touching no database.
struct DDL: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the DDL that creates a WSO2 database, for PostgreSQL or SQLite.",
        discussion: "The output is a script: `wso2db ddl shared --dialect postgres | psql -v ON_ERROR_STOP=1 -d DB`."
    )

    enum DialectName: String, ExpressibleByArgument, CaseIterable {
        case postgres, postgresql, sqlite
    }

    @OptionGroup var schemaOptions: SchemaOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "The SQL dialect: postgres or sqlite.")
    var dialect: DialectName

    func run() throws {
        try reportingFailures(output.console()) {
            let sqlDialect: any SQLDialect =
                switch dialect {
                case .postgres, .postgresql: PostgresDialect()
                case .sqlite: SQLiteDialect()
                }
            let schema = try Catalog.schema(
                for: schemaOptions.database, version: schemaOptions.productVersion, engine: sqlDialect.catalogEngine)
            print("-- \(schema.name) for API-M \(schema.version), \(sqlDialect.engineName) dialect, written by wso2db")
            print(sqlDialect.script(for: schema), terminator: "")
        }
    }
}
