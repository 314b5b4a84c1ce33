import ArgumentParser
import SQLDriver
import WSO2Catalog
import WSO2Migrator
import WSO2Schema

/// `wso2db drift`: how a live database differs from the schema WSO2 expects.
struct Drift: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare a live database with the schema WSO2 expects, and print what differs.",
        discussion: """
            Exit status: 0 no drift, 1 drift found, 2 could not check (also when the database is empty or holds \
            another WSO2 database). Nothing in the database is changed.

            --expected-sql compares with a dbscripts file of your own distribution instead of the catalog: it is \
            loaded into a scratch schema (PostgreSQL, in a transaction that is rolled back) or an in-memory \
            SQLite database, read back and thrown away.

            --fix-sql prints the SQL that brings the database back to the expected schema, with the report as \
            comments, so that the output can be saved and run. Statements that would drop a table or a column \
            are printed commented out unless --allow-destructive is given.
            """
    )

    @OptionGroup var schemaOptions: SchemaOptions
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    @Option(name: .customLong("expected-sql"), help: "Compare with the schema this SQL script creates instead of the catalog's.")
    var expectedSQL: String?

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @Flag(name: .customLong("fix-sql"), help: "Print the SQL that repairs the drift.")
    var fixSQL = false

    @Flag(name: .customLong("allow-destructive"), help: "Let the repair SQL drop tables and columns the schema does not have.")
    var allowDestructive = false

    func validate() throws {
        if expectedSQL != nil && schemaOptions.productVersion != nil {
            throw ValidationError("give either --version or --expected-sql, not both")
        }
        if allowDestructive && !fixSQL {
            throw ValidationError("--allow-destructive only changes what --fix-sql prints; add --fix-sql")
        }
    }

    func run() throws {
        let console = output.console()
        let report = try reportingFailures(console) {
            let url = try connection.parsedURL(for: schemaOptions.database, console)
            let source: ExpectedSchema
            if let expectedSQL {
                source = .script(path: expectedSQL)
            } else {
                source = .catalog(
                    try Catalog.schema(
                        for: schemaOptions.database, version: schemaOptions.productVersion,
                        engine: Connector.dialect(for: url).catalogEngine))
            }
            let database = try console.open(url, for: .read)
            try TargetCheck.require(schemaOptions.database, on: database, for: "drift")
            switch source {
            case .catalog(let schema): console.log.debug("expected: \(schema.name) \(schema.version) from the catalog, \(schema.tables.count) tables")
            case .script(let path): console.log.debug("expected: the schema \(path) creates, loaded into a scratch schema")
            }
            let report = try DriftCheck.run(on: database, expected: source, allowingDestructive: allowDestructive)
            let script = database.dialect.repairScript(report.repair, allowingDestructive: allowDestructive)
            switch format {
            case .json:
                try printJSON(
                    DriftJSON(
                        drift: report.hasDrift, database: schemaOptions.database.rawValue, expected: report.expected,
                        url: url.description, differences: report.differences.map(DifferenceJSON.init),
                        fixSQL: fixSQL ? script : nil))
            case .text:
                if fixSQL {
                    let lines = Self.reportLines(report, url: url)
                    print(lines.map { $0.isEmpty ? "--" : "-- " + $0 }.joined(separator: "\n"))
                    print(script, terminator: "")
                } else {
                    print(Self.reportLines(report, url: url, palette: console.report).joined(separator: "\n"))
                }
            }
            return report
        }
        if report.hasDrift { throw Exit.mismatch }
    }

    /// The report for a person, grouped by table: what is missing in red, extra in yellow, changed in cyan.
    static func reportLines(_ report: DriftCheck.Report, url: DatabaseURL, palette: Palette = Palette(enabled: false)) -> [String] {
        guard report.hasDrift else { return [palette.green("no drift:") + " \(url) matches \(report.expected)"] }
        let counts = SchemaDifference.Kind.allCases.map { kind in
            "\(report.differences.filter { $0.kind == kind }.count) \(kind.rawValue)"
        }
        var lines = [
            palette.red("drift:") + " \(url) differs from \(report.expected) in \(report.differences.count) "
                + "\(report.differences.count == 1 ? "way" : "ways") (\(counts.joined(separator: ", ")))"
        ]
        var group: String?? = .none
        for difference in report.differences {
            if group != .some(difference.tableName) {
                group = .some(difference.tableName)
                lines.append("")
                lines.append(palette.bold(difference.tableName ?? "sequences and functions"))
            }
            let paint =
                switch difference.kind {
                case .missing: palette.red
                case .extra: palette.yellow
                case .changed: palette.cyan
                }
            lines.append("  " + paint(difference.line))
        }
        return lines
    }
}

/// `drift --format json`.
struct DriftJSON: Encodable {
    let drift: Bool
    let database: String
    let expected: String
    let url: String
    let differences: [DifferenceJSON]
    @AlwaysPresent var fixSQL: String?
}
