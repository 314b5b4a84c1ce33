import ArgumentParser
import SQLDriver
import WSO2Catalog

/// `wso2db ddl`: prints a database's DDL for one engine, touching no database.
struct DDL: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the DDL that creates a WSO2 database, for PostgreSQL, SQLite or MySQL.",
        discussion: "The output is a script: `wso2db ddl shared --dialect postgres | psql -v ON_ERROR_STOP=1 -d DB`, or "
            + "`wso2db ddl shared --dialect mysql | mysql DB` (the schema WSO2's MySQL script builds)."
    )

    @OptionGroup var schemaOptions: SchemaOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "The SQL dialect: postgres, sqlite or mysql (a URL scheme of the engine).")
    var dialect: String

    func validate() throws {
        guard Self.driver(named: dialect) != nil else {
            throw ValidationError(
                "no dialect \(dialect): give one of " + DriverRegistry.drivers.flatMap(\.schemes).joined(separator: ", "))
        }
    }

    /// The driver a dialect name (its `id` or one of its URL schemes) names.
    static func driver(named name: String) -> (any DatabaseDriver)? {
        DriverRegistry.drivers.first { $0.id == name.lowercased() || $0.schemes.contains(name.lowercased()) }
    }

    func run() throws {
        try reportingFailures(output.console()) {
            let sqlDialect = Self.driver(named: dialect)!.dialect
            let schema = try Catalog.schema(
                for: schemaOptions.database, version: schemaOptions.productVersion, engine: sqlDialect.catalogEngine)
            print("-- \(schema.name) for API-M \(schema.version), \(sqlDialect.engineName) dialect, written by wso2db")
            print(sqlDialect.script(for: schema), terminator: "")
        }
    }
}
