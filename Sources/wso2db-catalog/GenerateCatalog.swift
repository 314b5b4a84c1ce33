import AllDrivers
import ArgumentParser
import Foundation
import LocalMariaDB
import LocalPostgres
import SQLDriver
import WSO2Schema

/// `wso2db-catalog`: turns WSO2's PostgreSQL and MySQL dbscripts into catalog Swift.
///
/// Each script is run with `psql -f` (or the `mariadb` client, for a MySQL script) into a scratch
/// database on a throwaway server (so the result is exactly what WSO2's script yields, quirks
/// included), read back with the project's own inspector, and written out in the catalog's builder
/// syntax, one table per declaration in creation order.
@main
struct GenerateCatalog: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wso2db-catalog",
        abstract: "Write WSO2Catalog Swift from WSO2's PostgreSQL and MySQL dbscripts files.",
        discussion: """
            Every schema of the catalog (CatalogManifest), from WSO2's scripts:
              swift run wso2db-catalog --all --reference ../shared/reference/wso2 --output Sources/WSO2Catalog
            One script (the AM database of API-M 4.7.0):
              swift run wso2db-catalog --script ../shared/reference/wso2/apimgt-postgresql-carbon-apimgt-v9.33.122-apim-4.7.0.sql \\
                --type APIMgt9_33_122 --database WSO2_AM_DB --version 4.7.0 \\
                --source "carbon-apimgt 9.33.122 dbscripts/apimgt/postgresql.sql" --output Sources/WSO2Catalog/PostgreSQL/AM/4.7.0
            """
    )

    @Flag(help: "Generate every schema of the manifest; --output is then the catalog's source folder.")
    var all = false

    @Option(help: "With --all: the folder holding WSO2's scripts.")
    var reference: String?

    @Option(help: "The WSO2 script to read.")
    var script: String?

    @Option(help: "The engine the script is written for: postgresql or mysql.")
    var engine: String = "postgresql"

    @Option(help: "The Swift type to declare, for example APIMgt9_33_122.")
    var type: String?

    @Option(help: "The WSO2 database name, for example WSO2_AM_DB.")
    var database: String?

    @Option(name: .customLong("version"), help: "The API-M version the script belongs to.")
    var productVersion: String?

    @Option(help: "Where the script comes from, for the generated files' header.")
    var source: String?

    @Option(help: "The folder to write the Swift files to (created if missing; files it wrote before are replaced).")
    var output: String

    func validate() throws {
        if all {
            guard reference != nil, script == nil else { throw ValidationError("--all takes --reference FOLDER and --output, not --script") }
        } else if script == nil || type == nil || database == nil || productVersion == nil || source == nil {
            throw ValidationError("give --script, --type, --database, --version, --source and --output, or --all")
        }
        guard CatalogEngine(named: engine) != nil else { throw ValidationError("--engine must be postgresql or mysql") }
    }

    func run() throws {
        if all, let reference {
            var generated: [String: CatalogWriter] = [:]
            for var entry in CatalogManifest.all {
                entry.script = reference + "/" + entry.script
                entry.folder = output + "/" + entry.folder
                generated[entry.type] = try generate(entry)
            }
            for derived in CatalogManifest.derived {
                guard let base = generated[derived.base], let older = generated[derived.older], let newer = generated[derived.newer] else {
                    throw CatalogWriter.Failure(description: "\(derived.target.type) is derived from schemas the manifest does not generate")
                }
                var schema = DerivedSource.derive(base: base.schema, older: older.schema, newer: newer.schema)
                schema.version = derived.target.version
                var writer = CatalogWriter(
                    schema: schema, typeName: derived.target.type, source: derived.target.source, declaredNotNull: base.declaredNotNull)
                writer.mySQL = derived.target.engine == .mysql
                try write(writer, to: output + "/" + derived.target.folder)
            }
        } else if let script, let type, let database, let productVersion, let source, let engine = CatalogEngine(named: engine) {
            try generate(
                CatalogSource(
                    script: script, type: type, database: database, version: productVersion, source: source, folder: output,
                    engine: engine))
        }
    }

    /// Loads one script into a scratch database, reads it back and writes its catalog files to `entry.folder`.
    /// - Returns: the writer, holding the schema read back.
    @discardableResult
    func generate(_ entry: CatalogSource) throws -> CatalogWriter {
        AllDrivers.register()
        let text = ScriptText(try String(contentsOfFile: entry.script, encoding: .utf8))
        let (scratch, load, drop) = try scratchDatabase(for: entry)
        defer { drop() }
        let connection = try DriverRegistry.open(try DriverRegistry.parse(scratch), for: .write)
        let started = try SeedReader.now(on: connection)
        try load()
        var schema = connection.dialect.declaredForm(of: try connection.inspectSchema())
        schema.seeds = try SeedReader(
            connection: connection, scriptStarted: started, conflictIgnoringTables: text.conflictIgnoringTables
        ).seeds(of: schema)
        schema.name = entry.database
        schema.version = entry.version
        var writer = CatalogWriter(schema: schema, typeName: entry.type, source: entry.source, declaredNotNull: text.notNullColumns)
        writer.mySQL = entry.engine == .mysql
        try write(writer, to: entry.folder)
        return writer
    }

    /// A new, empty database on a throwaway server of the script's engine: its URL, how to run the script
    /// into it with the engine's own client (so that the result is exactly what WSO2's script yields), and
    /// how to drop it again.
    private func scratchDatabase(for entry: CatalogSource) throws -> (url: String, load: () throws -> Void, drop: () -> Void) {
        switch entry.engine {
        case .postgresql:
            let server = try LocalPostgres.shared()
            let name = try server.createDatabase(prefix: "catalog")
            return (
                server.url(database: name), { try server.psql(database: name, file: entry.script) },
                { _ = try? server.psql(database: "postgres", command: "DROP DATABASE \"\(name)\"") }
            )
        case .mysql:
            let server = try LocalMariaDB.shared()
            let name = try server.createDatabase(prefix: "catalog")
            let load = {
                do {
                    try server.mariadb(database: name, file: entry.script)
                } catch let failure as CommandFailure where failure.standardError.contains("ERROR 1071") {
                    // Several of WSO2's MySQL AM scripts have keys longer than InnoDB's 3072 bytes in the
                    // server's utf8mb4 and load only into a latin1 database, as WSO2's documentation creates it.
                    try server.mariadb(command: "DROP DATABASE `\(name)`; CREATE DATABASE `\(name)` CHARACTER SET latin1")
                    try server.mariadb(database: name, file: entry.script)
                }
            }
            return (server.url(database: name), load, { _ = try? server.mariadb(command: "DROP DATABASE `\(name)`") })
        }
    }

    private func write(_ writer: CatalogWriter, to output: String) throws {
        let schema = writer.schema
        let files = try writer.files()
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        for existing in try FileManager.default.contentsOfDirectory(atPath: output)
        where existing.hasPrefix(writer.typeName) && existing.hasSuffix(".swift") {
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
