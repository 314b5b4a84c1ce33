import ArgumentParser
import Foundation
import SQLDriver
import WSO2Migrator

/// `wso2db merge-legacy`: WSO2UM_DB + WSO2REG_DB (API-M 2.6.0) → one new WSO2_SHARED_DB 4.7.0.
struct MergeLegacyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge-legacy",
        abstract: "Merge the API-M 2.x user-management and registry databases into one new WSO2_SHARED_DB 4.7.0, verified.",
        discussion: """
            UM_* tables are taken from --um, REG_* tables from --reg (the same URL twice when one database held both).

            Instead of URLs, --from-home OLD_APIM_HOME finds --um and --reg in the old installation's configuration \
            (user-mgt.xml's realm dataSource; registry.xml's /_system/governance mount; master-datasources.xml), and \
            --to-home NEW_APIM_HOME finds --to ([database.shared_db] of deployment.toml); which datasource was chosen \
            for what, and why, is printed first. --password-stdin gives every PostgreSQL connection without a \
            password of its own (in its URL or configuration) the line read from standard input.

            Everything is checked before the target is touched: each source must be an API-M 2.6.0 database whose \
            tables and columns the merge can map; rows in the other source's tables, swapped sources, a target that \
            is a source or not empty, and rows that 4.7.0's rules would reject are refused with a report. Sources are \
            only read, each in one read-only snapshot. The target is created without keys and indexes, every table is \
            streamed in its own transaction, then keys, indexes and sequences are added. A merge stopped at any point \
            goes on from where it stopped when run again with the same arguments. Every table is verified: row count, \
            an order-independent hash of the legacy columns, and rows per tenant, source against target.

            Exit status: 0 merged and verified (or a dry run whose checks passed), 1 a verification mismatch, \
            2 refused or failed.
            """
    )

    @Option(help: "The API-M 2.x user-management database (WSO2UM_DB): postgres://…, jdbc:postgresql://… or sqlite:PATH.")
    var um: String?

    @Option(help: "The API-M 2.x registry database (WSO2REG_DB).")
    var reg: String?

    @Option(name: .customLong("to"), help: "The new, empty database to create WSO2_SHARED_DB 4.7.0 in.")
    var target: String?

    @Option(
        name: .customLong("from-home"),
        help: ArgumentHelp(
            "The old API-M 2.x installation: --um and --reg are found through its repository/conf/user-mgt.xml, registry.xml and datasources/master-datasources.xml.",
            valueName: "old-apim-home"))
    var fromHome: String?

    @Option(
        name: .customLong("to-home"),
        help: ArgumentHelp(
            "The new API-M 4.x installation: --to is [database.shared_db] of its repository/conf/deployment.toml.", valueName: "new-apim-home"))
    var toHome: String?

    @Flag(
        name: .customLong("password-stdin"),
        help: "Read a PostgreSQL password from the first line of standard input, for every connection whose URL or configuration gives none.")
    var passwordStdin = false

    @Flag(help: "Make every check and print the plan (tables, rows, backfills); write nothing.")
    var dryRun = false

    @Flag(name: .customLong("leave-misplaced-rows"), help: "Merge although --um holds REG_* rows or --reg holds UM_* rows; those rows are left behind (and listed).")
    var leaveMisplacedRows = false

    @Option(name: .customLong("lock-timeout"), help: "Seconds to wait for another wso2db run on the target to finish.")
    var lockTimeout: Int = 30

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if um == nil && fromHome == nil { throw ValidationError("say where the user-management database is: --um URL or --from-home OLD_APIM_HOME") }
        if reg == nil && fromHome == nil { throw ValidationError("say where the registry database is: --reg URL or --from-home OLD_APIM_HOME") }
        if um != nil && reg != nil && fromHome != nil { throw ValidationError("--um and --reg are both given, so --from-home would not be used; leave it out") }
        switch (target, toHome) {
        case (nil, nil): throw ValidationError("say where to merge into: --to URL or --to-home NEW_APIM_HOME")
        case (.some, .some): throw ValidationError("give either --to or --to-home, not both")
        default: break
        }
    }

    func run() throws {
        let console = output.console()
        let report = try reportingFailures(console) { () throws -> LegacyMerge.Report in
            let urls = try MergeConnections.resolve(
                um: um, reg: reg, target: target, fromHome: fromHome, toHome: toHome, passwords: PasswordInput.sources(reading: passwordStdin),
                passwordStdin: passwordStdin, console)
            Interruption.install()
            let display = MergeProgressDisplay(console)
            defer { display.end() }
            do {
                let report = try LegacyMerge.run(
                    um: urls.um, reg: urls.reg, to: urls.target,
                    options: LegacyMerge.Options(dryRun: dryRun, leaveMisplacedRows: leaveMisplacedRows, lockTimeout: .seconds(lockTimeout)),
                    progress: display.show)
                display.end()
                for table in report.tables {
                    guard let source = table.source, let target = table.target else { continue }
                    let copied = table.copyMilliseconds.map { "; copied in \($0) ms" } ?? ""
                    console.log.debug(
                        "\(table.table): \(source.rows) rows, hash \(source.hash) in \(table.from.option); \(target.rows) rows, hash \(target.hash) in --to\(copied)")
                }
                if !report.phases.isEmpty {
                    let phases = report.phases.map { "\($0.phase.rawValue) \($0.milliseconds) ms" }.joined(separator: ", ")
                    console.log.debug("phases: \(phases)")
                }
                return report
            } catch let stopped as Interruption.Stopped {
                display.end()
                console.log.error("\(stopped); the target keeps the tables copied so far and its journal\n  hint: run the same command again to go on from there")
                throw Exit.failed
            }
        }
        switch format {
        case .json: try printJSON(MergeJSON(report))
        case .text: print(Self.text(report, palette: console.report))
        }
        if report.verified == false { throw Exit.mismatch }
    }

    static func text(_ report: LegacyMerge.Report, palette: Palette) -> String {
        var lines = [
            "merge-legacy: \(report.um.database.wso2Name) \(report.um.version) (\(report.um.url)) + \(report.reg.database.wso2Name) "
                + "\(report.reg.version) (\(report.reg.url)) → WSO2_SHARED_DB 4.7.0 (\(report.target))"
        ]
        for source in [report.um, report.reg] where !source.acceptedDifferences.isEmpty {
            lines.append("note: \(source.role.option) differs from 2.6.0 in ways the merge does not carry over (4.7.0's own are created):")
            lines += source.acceptedDifferences.prefix(10).map { "  " + $0.line }
        }
        if report.dryRun {
            lines.append("dry run: every check passed; nothing was written. The plan:")
        } else if report.alreadyMerged {
            lines.append("the target already holds a finished merge of these sources; verified it again")
        } else if report.resumed {
            lines.append("went on from an unfinished merge into this target")
        }
        let width = max(30, (report.tables.map(\.table.count).max() ?? 0) + 2)
        func pad(_ text: String, _ count: Int) -> String { text.padding(toLength: max(count, text.count + 1), withPad: " ", startingAt: 0) }
        if report.dryRun {
            lines.append(pad("TABLE", width) + pad("FROM", 6) + pad("ROWS", 12) + "BACKFILLS")
            for table in report.tables {
                lines.append(
                    pad(table.table, width) + pad(table.from.rawValue, 6) + pad(String(table.plannedRows), 12)
                        + table.backfills.map { "\($0.column) (\($0.fill))" }.joined(separator: ", "))
            }
        } else {
            lines.append(pad("TABLE", width) + pad("FROM", 6) + pad("SOURCE", 10) + pad("TARGET", 10) + pad("CONTENT", 9) + "BACKFILLS")
            for table in report.tables {
                let content = table.match == true ? pad("same", 9) : palette.red(pad("DIFFERS", 9))
                lines.append(
                    pad(table.table, width) + pad(table.from.rawValue, 6) + pad(String(table.source?.rows ?? 0), 10)
                        + pad(String(table.target?.rows ?? 0), 10) + content
                        + table.backfills.map { "\($0.column) (\($0.fill))" }.joined(separator: ", "))
            }
        }
        let rows = report.tables.reduce(0) { $0 + (report.dryRun ? $1.plannedRows : ($1.source?.rows ?? 0)) }
        if !report.dryRun {
            let tenants = report.tenants
            let shown = tenants.prefix(20).map { "\($0.tenant): \($0.source)" + ($0.source == $0.target ? "" : palette.red(" → \($0.target) DIFFERS")) }
            lines.append("rows per tenant (source → target): " + shown.joined(separator: ", ") + (tenants.count > 20 ? ", … (\(tenants.count) tenants)" : ""))
        }
        for left in report.leftBehind {
            lines.append("left behind (--leave-misplaced-rows): \(left.rows) rows of \(left.table) in \(left.from.option)")
        }
        switch report.verified {
        case nil:
            lines.append("would copy \(rows) rows in \(report.tables.count) tables, then add keys, indexes and foreign keys, and set sequences")
        case true?:
            lines.append(palette.green("verified:") + " \(report.tables.count) tables, \(rows) rows, \(report.tenants.count) tenants; source and target match (\(report.milliseconds) ms)")
        case false?:
            let bad = report.tables.filter { $0.match != true }.map(\.table)
            if !bad.isEmpty {
                lines.append(palette.red("VERIFICATION FAILED:") + " \(bad.count) tables differ between source and target: " + bad.joined(separator: ", "))
                lines.append("hint: if the sources changed since the merge began, drop the target database and merge again")
            }
            for behind in report.sequencesBehind {
                lines.append(
                    palette.red("VERIFICATION FAILED:") + " sequence \(behind.sequence.name) would hand out \(behind.next) next, "
                        + "but \(behind.table).\(behind.column) already holds \(behind.largest)")
            }
            if !report.sequencesBehind.isEmpty { lines.append("hint: `wso2db drift shared --url … --fix-sql` prints the statements that set them past their ids") }
        }
        return lines.joined(separator: "\n")
    }
}

/// `merge-legacy --format json`.
struct MergeJSON: Encodable {
    struct Source: Encodable {
        let url: String
        let database: String
        let version: String
    }

    struct Backfill: Encodable {
        let column: String
        let fill: String
    }

    struct Tally: Encodable {
        let rows: Int
        let hash: String
    }

    struct Table: Encodable {
        let table: String
        let from: String
        let rows: Int
        let backfills: [Backfill]
        @AlwaysPresent var source: Tally?
        @AlwaysPresent var target: Tally?
        @AlwaysPresent var match: Bool?
        /// This run's copy of the table: milliseconds and payload bytes (null when it copied nothing).
        @AlwaysPresent var copyMilliseconds: Int?
        @AlwaysPresent var copyBytes: Int?
    }

    struct Phase: Encodable {
        let phase: String
        let milliseconds: Int
    }

    struct Tenant: Encodable {
        let tenant: String
        let sourceRows: Int
        let targetRows: Int
        let match: Bool
    }

    struct LeftBehind: Encodable {
        let from: String
        let table: String
        let rows: Int
    }

    let um: Source
    let reg: Source
    let target: Source
    let dryRun: Bool
    let resumed: Bool
    let alreadyMerged: Bool
    let tables: [Table]
    @AlwaysPresent var tenants: [Tenant]?
    let leftBehind: [LeftBehind]
    @AlwaysPresent var verified: Bool?
    /// Sequences found at or behind their ids (the verification failed on them).
    let sequencesBehind: [SequenceBehind]
    let milliseconds: Int
    /// Where the time went: checks, create, copy, indexes, finish, verify (empty in a dry run).
    let phases: [Phase]

    struct SequenceBehind: Encodable {
        let sequence: String
        let next: Int64
        let largest: Int64
        let table: String
        let column: String
    }

    init(_ report: LegacyMerge.Report) {
        um = Source(url: report.um.url, database: report.um.database.rawValue, version: report.um.version)
        reg = Source(url: report.reg.url, database: report.reg.database.rawValue, version: report.reg.version)
        target = Source(url: report.target, database: "shared", version: "4.7.0")
        dryRun = report.dryRun
        resumed = report.resumed
        alreadyMerged = report.alreadyMerged
        tables = report.tables.map { table in
            Table(
                table: table.table, from: table.from.rawValue, rows: table.source?.rows ?? table.plannedRows,
                backfills: table.backfills.map { Backfill(column: $0.column, fill: $0.fill) },
                source: table.source.map { Tally(rows: $0.rows, hash: $0.hash) }, target: table.target.map { Tally(rows: $0.rows, hash: $0.hash) },
                match: table.match, copyMilliseconds: table.copyMilliseconds, copyBytes: table.copyBytes)
        }
        tenants = report.dryRun ? nil : report.tenants.map { Tenant(tenant: $0.tenant, sourceRows: $0.source, targetRows: $0.target, match: $0.source == $0.target) }
        leftBehind = report.leftBehind.map { LeftBehind(from: $0.from.rawValue, table: $0.table, rows: $0.rows) }
        verified = report.verified
        sequencesBehind = report.sequencesBehind.map {
            SequenceBehind(sequence: $0.sequence.name, next: $0.next, largest: $0.largest, table: $0.table, column: $0.column)
        }
        milliseconds = report.milliseconds
        phases = report.phases.map { Phase(phase: $0.phase.rawValue, milliseconds: $0.milliseconds) }
    }
}
