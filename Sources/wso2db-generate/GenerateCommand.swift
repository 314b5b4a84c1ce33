import AllDrivers
import ArgumentParser
import CommandLineSupport
import Foundation
import LegacyData
import SQLDriver
import WSO2Catalog
import WSO2Migrator
import WSO2Schema

/// `wso2db-generate`: fills a pair of API-M 2.6.0 databases (user management and registry) with the
/// deterministic legacy data of `LegacyDataGenerator`, for the merge benchmarks and for trying
/// `wso2db merge-legacy` by hand.
@main
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wso2db-generate",
        abstract: "Fill API-M 2.6.0 UM and REG databases with deterministic legacy data.",
        discussion: """
            Each database is given the API-M 2.6.0 schema (carbon-kernel 4.4.35) first when it holds no \
            tables; a database that already holds that schema (`wso2db create um --version 2.6.0`) is used \
            as it is, provided the tables it is to fill are empty. Both are checked before either is changed.

            The UM_* tables are filled in --um, the REG_* tables in --reg (the same URL twice fills one \
            database with both). The same --seed, --scale and --shape give the same rows on PostgreSQL and SQLite. \
            Prints rows and payload bytes per table.

            URLs: postgres://USER@HOST:PORT/DB, jdbc:postgresql://HOST:PORT/DB or sqlite:PATH (created if missing).

            Exit status: 0 filled, 2 could not do it, 64 usage error.
            """
    )

    @Option(help: "The user-management database (UM_* tables): postgres://…, jdbc:postgresql://… or sqlite:PATH.")
    var um: String?

    @Option(help: "The registry database (REG_* tables).")
    var reg: String?

    @Option(help: "Instead of --um and --reg: a WSO2_AM_DB of any release, filled with --am-rows rows per table that keep every later release's rules.")
    var am: String?

    @Option(name: .customLong("am-rows"), parsing: .unconditional, help: "With --am: rows per table.")
    var amRows: Int = 100

    // `.unconditional`: `--scale -1` is a scale the check below refuses, not a missing value.
    @Option(parsing: .unconditional, help: "How much data: every row count grows linearly with it (1: about 1,600 rows; 40: about 57,000).")
    var scale: Int = 1

    @Option(parsing: .unconditional, help: "The seed: the same seed and scale give the same data.")
    var seed: UInt64 = 1

    @Option(help: ArgumentHelp(
        "What the data looks like: " + Shape.allCases.map { "\($0.rawValue) (\($0.summary))" }.joined(separator: "; ") + ".",
        valueName: Shape.allCases.map(\.rawValue).joined(separator: "|")))
    var shape: String = Shape.uniform.rawValue

    static func main() {
        ToolMain.run(Self.self, Array(CommandLine.arguments.dropFirst())) { "wso2db-generate: error: " + $0 }
    }

    func validate() throws {
        guard scale >= 1 else { throw ValidationError("--scale must be at least 1, not \(scale)") }
        guard Shape(rawValue: shape) != nil else {
            throw ValidationError("--shape must be one of \(Shape.allCases.map(\.rawValue).joined(separator: ", ")), not '\(shape)'")
        }
        guard amRows >= 1 else { throw ValidationError("--am-rows must be at least 1, not \(amRows)") }
        switch (am, um, reg) {
        case (nil, .some, .some), (.some, nil, nil): break
        case (.some, _, _): throw ValidationError("--am fills a WSO2_AM_DB alone; leave out --um and --reg")
        default: throw ValidationError("give --um and --reg (or --am)")
        }
    }

    func run() throws {
        AllDrivers.register()
        Session.applicationName = "wso2db-generate"
        do {
            if let am { try fillAM(am, rows: amRows) } else { try generate() }
        } catch let error as GenerateFailure {
            printError("wso2db-generate: error: \(error)")
            throw ExitCode(2)
        } catch let error as DatabaseError {
            printError("wso2db-generate: error: \(error)")
            throw ExitCode(2)
        } catch let error as CatalogError {
            printError("wso2db-generate: error: \(error)")
            throw ExitCode(2)
        } catch let error as SchemaCreator.Failure {
            printError("wso2db-generate: error: \(error)")
            throw ExitCode(2)
        }
    }

    private func generate() throws {
        // validate() made sure both are given when --am is not.
        let umURL = try DatabaseURL(parsing: um!)
        let regURL = try DatabaseURL(parsing: reg!)
        let schema = try Catalog.schema(for: .um, version: "2.6.0")
        let registrySchema = try Catalog.schema(for: .reg, version: "2.6.0")

        // Both databases are looked at before either is changed: a refusal leaves both as they were.
        let umConnection = try Connector.open(umURL, for: .create)
        let sameDatabase = regURL == umURL
        let regConnection = sameDatabase ? umConnection : try Connector.open(regURL, for: .create)
        let umIsEmpty = try isEmpty(umConnection, as: .um, schema: schema)
        let regIsEmpty = sameDatabase ? umIsEmpty : try isEmpty(regConnection, as: .reg, schema: registrySchema)
        // The generator writes fixed ids: the family it fills must have no rows yet.
        if !umIsEmpty { try requireNoRows(umConnection, prefix: "UM_", schema: schema) }
        if !regIsEmpty { try requireNoRows(regConnection, prefix: "REG_", schema: schema) }
        if umIsEmpty { try create(schema, as: .um, on: umConnection) }
        if regIsEmpty && !sameDatabase { try create(registrySchema, as: .reg, on: regConnection) }

        let generator = LegacyDataGenerator(seed: seed, scale: Scale(factor: scale), shape: Shape(rawValue: shape) ?? .uniform)
        printError("wso2db-generate: filling \(umURL) (UM_*) and \(regURL) (REG_*) at scale \(scale), shape \(shape), seed \(seed)")
        let clock = ContinuousClock()
        let started = clock.now
        let report = try generator.fill(um: umConnection, reg: regConnection)
        let elapsed = clock.now - started
        print(report.summary)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print(String(format: "filled in %.1f s (%.0f rows/s)", seconds, Double(report.totalRows) / max(seconds, 0.001)))
    }

    /// Whether the database holds no tables at all (and is to be given the 2.6.0 schema); false when
    /// it holds exactly the 2.6.0 tables and columns (`wso2db create um|reg --version 2.6.0`).
    /// - Throws: `GenerateFailure` for anything else, naming what differs.
    private func isEmpty(_ connection: any DatabaseConnection, as database: WSO2Database, schema: Schema) throws -> Bool {
        if try connection.existingObjects().allSatisfy({ $0.kind != .table }) { return true }
        let live = try connection.inspectSchema()
        var differences: [String] = []
        for table in schema.tables {
            guard let found = live.table(named: table.name) else {
                differences.append("no table \(table.name)")
                continue
            }
            let expected = Set(table.columns.map { $0.name.uppercased() })
            let actual = Set(found.columns.map { $0.name.uppercased() })
            differences += expected.subtracting(actual).sorted().map { "no column \(table.name).\($0)" }
            differences += actual.subtracting(expected).sorted().map { "column \(table.name).\($0), which 2.6.0 does not have" }
        }
        guard differences.isEmpty else {
            throw GenerateFailure(
                "\(connection.url) holds tables but not the API-M 2.6.0 schema (\(NameList(differences))); nothing was changed",
                hint: "give an empty database, or one made by `wso2db create \(database.rawValue) --version 2.6.0`")
        }
        return false
    }

    private func create(_ schema: Schema, as database: WSO2Database, on connection: any DatabaseConnection) throws {
        // As the engine's own WSO2 script makes it (MySQL's AUTO_INCREMENT and latin1 paths), where it has one.
        let schema = try Catalog.schema(for: database, version: schema.version, engine: connection.dialect.catalogEngine)
        let report = try SchemaCreator(database: database, schema: schema).create(on: connection)
        printError(
            "wso2db-generate: created \(schema.name) \(schema.version) at \(connection.url): \(report.tables) tables in \(report.milliseconds) ms")
    }

    /// Refuses a database whose tables of one family already hold rows.
    private func requireNoRows(_ connection: any DatabaseConnection, prefix: String, schema: Schema) throws {
        let dialect = connection.dialect
        var filled: [String] = []
        for table in schema.tables where table.name.hasPrefix(prefix) {
            let rows = try connection.query("SELECT count(*) FROM (SELECT 1 FROM \(dialect.quote(table.name)) LIMIT 1) t")
            if (rows.rows.first?.first?.integerValue ?? 0) > 0 { filled.append(table.name) }
        }
        guard filled.isEmpty else {
            throw GenerateFailure(
                "\(connection.url) already holds \(prefix)* rows (in \(NameList(filled))); nothing was changed",
                hint: "the generator writes fixed ids: give an empty database")
        }
    }
}

/// Why the data could not be generated, and what the user can change: said in the voice of every
/// other error, a message and a `hint:` line.
struct GenerateFailure: Error, CustomStringConvertible {
    let message: String
    let hint: String
    init(_ message: String, hint: String) {
        self.message = message
        self.hint = hint
    }

    var description: String { message + "\n  hint: " + hint }
}

/// Progress and errors go to stderr, so stdout holds only the report.
func printError(_ text: String) {
    StandardError.write(text + "\n")
}
