import ArgumentParser
import Foundation
import LocalMariaDB
import LocalPostgres
import MySQLDriver
import PostgresDriver
import SQLDriver
import WSO2Schema

/// `wso2db-catalog`: turns one of WSO2's PostgreSQL or MySQL dbscripts into catalog Swift.
///
/// The script is run with `psql -f` (or the `mariadb` client, for `--engine mysql`) into a scratch
/// database on a throwaway server (so the result is exactly what WSO2's script yields, quirks
/// included), read back with the project's own inspector, and written out in the catalog's builder
/// syntax, one table per declaration in creation order.
@main
struct GenerateCatalog: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wso2db-catalog",
        abstract: "Write WSO2Catalog Swift from a WSO2 PostgreSQL dbscripts file.",
        discussion: """
            Example (the AM database of API-M 4.7.0):
              swift run wso2db-catalog --script ../shared/reference/wso2/apimgt-postgresql-carbon-apimgt-v9.33.122-apim-4.7.0.sql \\
                --type APIMgt9_33_122 --database WSO2_AM_DB --version 4.7.0 \\
                --source "carbon-apimgt 9.33.122 dbscripts/apimgt/postgresql.sql" --output Sources/WSO2Catalog/AM/4.7.0
            """
    )

    @Option(help: "The WSO2 script to read.")
    var script: String

    @Option(help: "The engine the script is written for: postgresql or mysql.")
    var engine: String = "postgresql"

    @Option(help: "The Swift type to declare, for example APIMgt9_33_122.")
    var type: String

    @Option(help: "The WSO2 database name, for example WSO2_AM_DB.")
    var database: String

    @Option(name: .customLong("version"), help: "The API-M version the script belongs to.")
    var productVersion: String

    @Option(help: "Where the script comes from, for the generated files' header.")
    var source: String

    @Option(help: "The folder to write the Swift files to (created if missing; files it wrote before are replaced).")
    var output: String

    func run() throws {
        var schema: Schema
        switch engine.lowercased() {
        case "postgresql", "postgres": schema = try readPostgreSQL()
        case "mysql", "mariadb": schema = try readMySQL()
        default: throw ValidationError("--engine must be postgresql or mysql")
        }
        schema.name = database
        schema.version = productVersion
        var writer = CatalogWriter(schema: schema, typeName: type, source: source)
        writer.mySQL = engine.lowercased() != "postgresql" && engine.lowercased() != "postgres"
        try write(writer, schema)
    }

    /// The script run by the `mariadb` client into a scratch database on a throwaway MariaDB, read back.
    private func readMySQL() throws -> Schema {
        let server = try LocalMariaDB.shared()
        let scratch = try server.createDatabase(prefix: "catalog")
        defer { _ = try? server.mariadb(command: "DROP DATABASE `\(scratch)`") }
        try server.mariadb(database: scratch, file: script)
        return try MySQLConnection(url: try MySQLURL(parsing: server.url(database: scratch))).inspectSchema()
    }

    private func readPostgreSQL() throws -> Schema {
        let server = try LocalPostgres.shared()
        let scratch = try server.createDatabase(prefix: "catalog")
        defer { _ = try? server.psql(database: "postgres", command: "DROP DATABASE \"\(scratch)\"") }
        try server.psql(database: scratch, file: script)
        let connection = try PostgresConnection(url: .postgres(conninfo: server.url(database: scratch)))
        var schema = PostgresDialect().removingGeneratedConstraintNames(from: try connection.inspectSchema())
        schema.seeds = try SeedReader(connection: connection).seeds(of: schema)
        return schema
    }

    private func write(_ writer: CatalogWriter, _ schema: Schema) throws {
        let files = try writer.files()
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        for existing in try FileManager.default.contentsOfDirectory(atPath: output)
        where existing.hasPrefix(type) && existing.hasSuffix(".swift") {
            try FileManager.default.removeItem(atPath: output + "/" + existing)
        }
        for (name, text) in files {
            try text.write(toFile: output + "/" + name, atomically: true, encoding: .utf8)
        }
        print(
            "wrote \(files.count) files to \(output): \(schema.tables.count) tables, \(schema.sequences.count) sequences, "
                + "\(schema.indexes.count) indexes, \(schema.foreignKeys.count) foreign keys, "
                + "\(schema.functions.count) functions, \(schema.triggers.count) triggers, \(schema.seeds.count) seed rows")
    }
}
