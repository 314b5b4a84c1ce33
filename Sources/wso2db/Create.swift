import ArgumentParser
import Foundation
import SQLDriver
import WSO2Catalog
import WSO2Migrator

/// `wso2db create`: creates a WSO2 database exactly as WSO2's dbscripts would.
struct Create: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a WSO2 database (all tables, keys, indexes, sequences and seed rows) in one transaction.",
        discussion: """
            Refuses (exit 2), changing nothing, when the database already holds any object it would create, \
            or holds another WSO2 database. A SQLite file is created if it does not exist.
            """
    )

    @OptionGroup var schemaOptions: SchemaOptions
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    @Flag(help: "Print the SQL that would run instead of running it.")
    var dryRun = false

    @Option(help: "Output format: text or json (json does not combine with --dry-run, which prints SQL).")
    var format: OutputFormat = .text

    func validate() throws {
        if dryRun && format == .json { throw ValidationError("--dry-run prints SQL; leave out --format json") }
    }

    func run() throws {
        let console = output.console()
        try reportingFailures(console) {
            let url = try connection.parsedURL(for: schemaOptions.database, console)
            let schema = try Catalog.schema(
                for: schemaOptions.database, version: schemaOptions.productVersion, engine: Connector.dialect(for: url).catalogEngine)
            let creator = SchemaCreator(database: schemaOptions.database, schema: schema)
            if dryRun {
                try checkBeforeDryRun(creator, url, console)
                print(creator.script(for: try Connector.dialect(for: url)), terminator: "")
                return
            }
            let database = try console.open(url, for: .create)
            console.log.debug("creating \(schema.name) \(schema.version) in one transaction: \(schema.tables.count) tables from the catalog")
            let report = try creator.create(on: database)
            if format == .json {
                try printJSON(
                    CreateJSON(
                        database: report.database.rawValue, version: report.version, url: url.description, tables: report.tables,
                        sequences: report.sequences, indexes: report.indexes, foreignKeys: report.foreignKeys, seedRows: report.seedRows,
                        milliseconds: report.milliseconds))
                return
            }
            print(
                "created \(schema.name) \(report.version) at \(url): \(report.tables) tables, \(report.sequences) sequences, "
                    + "\(report.indexes) indexes, \(report.foreignKeys) foreign keys, \(report.seedRows) seed rows "
                    + "in \(report.milliseconds) ms")
        }
    }

    /// A dry run still says whether the real run would be refused; it only reads, and never
    /// creates a SQLite file.
    private func checkBeforeDryRun(_ creator: SchemaCreator, _ url: DatabaseURL, _ console: Console) throws {
        // A database file not made yet, or an in-memory one, is empty; only a server has to be asked.
        let driver = try DriverRegistry.driver(for: url)
        let isServer = driver.passwordSources != nil
        if !isServer && driver.file(of: url).map(FileManager.default.fileExists(atPath:)) != true { return }
        let database = try console.open(url, for: .read)
        if let conflict = try creator.conflicts(on: database) { throw conflict }
    }
}

/// `create --format json`.
struct CreateJSON: Encodable {
    let database: String
    let version: String
    let url: String
    let tables: Int
    let sequences: Int
    let indexes: Int
    let foreignKeys: Int
    let seedRows: Int
    let milliseconds: Int
}
