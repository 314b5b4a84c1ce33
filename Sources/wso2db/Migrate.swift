import ArgumentParser
import Foundation
import Migrations
import SQLDriver
import WSO2Catalog
import WSO2Migrator

/// The database a migration command works on: WSO2_AM_DB, the shared database, or a legacy one growing into it.
struct MigratedDatabase: ParsableArguments {
    @Argument(help: "am for WSO2_AM_DB (2.1.0 to 4.7.0); shared, or um / reg for a legacy API-M 2.1.0–2.6.0 database to upgrade in place into a shared database.")
    var database: WSO2Database

    /// Whether `migrate` and `status` work on `database`: every database has an upgrade path.
    static func isMigrated(_ database: WSO2Database) -> Bool { true }
}

/// `wso2db migrate`: upgrades a shared (or legacy UM/REG) database in place.
struct Migrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Upgrade WSO2_AM_DB or a shared database (or a legacy 2.x UM/REG database) in place, step by step, to a newer API-M version.",
        discussion: """
            WSO2_AM_DB (am): one step between every two releases, 2.1.0 → 2.2.0 → 2.5.0 → 2.6.0 → 3.0.0 → 3.1.0 → 3.2.0 → \
            4.0.0 → 4.1.0 → … → 4.7.0, identity tables included, with the data work of WSO2's migration scripts. What \
            WSO2's Java migration clients do beyond the database (registry artefacts, API definitions, re-indexing) is \
            listed at the end of the run: see the README, "Upgrading WSO2_AM_DB".

            Shared database steps, one per release whose schema changed: 2.1.0 (carbon-kernel 4.4.11) → 2.6.0 (4.4.35, also the schema \
            of 2.2.0 and 2.5.0) → 3.0.0 (4.5.1) → 3.2.0 (4.6.0, also 3.1.0) → 4.0.0 (4.6.2) → 4.1.0 (4.6.3) → 4.7.0 \
            (4.11.18, also 4.2.0–4.6.0). --to stops at any release; a release that shares a step's schema is recorded \
            and reported as itself.

            The database is placed by wso2db's history, or, when it has none, by `detect`; a database that differs \
            from the version it is closest to is refused unless --baseline-anyway. Rows the new rules would reject \
            are reported before anything changes. Each step runs in one transaction with its history row and is \
            verified against the catalog before it commits; a run stopped at any moment can simply be run again.

            A step that drops a table or column holding data runs only with --allow-destructive (the dry run shows \
            every such statement). --repair re-stamps history rows whose checksum differs from the step's, once the \
            database is verified to match its recorded version exactly, and says what it changed.

            Optional tasks, off unless named with --with (each shown in the dry run, run after the steps in one \
            transaction, recorded once; those that delete rows also need --allow-destructive): \
            my-account-role (IS 5.11.0: Application/User Portal becomes Application/My Account in the super tenant \
            and goes in the others), registry-versioning-off (WSO2's versioning-disable scripts: the tags, comments, \
            ratings and properties of old resource versions removed), registry-log-prune (WSO2's reg-index.sql: \
            REG_LOG cut to the newest entry of each path, so that the new server re-indexes).

            Exit status: 0 done or already up to date, 1 the last verification recorded failed (nothing changed), \
            2 refused or failed (nothing of the failed step is kept).
            """
    )

    @OptionGroup var target: MigratedDatabase
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    @Option(name: .customLong("to"), help: "The API-M version to migrate to (default: the newest).")
    var version: String?

    @Flag(help: "Print the plan and the SQL, and change nothing.")
    var dryRun = false

    @Flag(name: .customLong("baseline-anyway"), help: "Migrate a database without history even when it differs from the version it is closest to.")
    var baselineAnyway = false

    @Option(name: .customLong("lock-timeout"), help: "Seconds to wait for another wso2db run on the same database to finish.")
    var lockTimeout: Int = 30

    @Flag(name: .customLong("allow-destructive"), help: "Let steps drop tables and columns that hold data.")
    var allowDestructive = false

    @Flag(help: "Re-stamp the checksums of applied steps, after verifying the database matches its recorded version; change nothing else.")
    var repair = false

    @Option(
        name: .customLong("with"),
        help: "An optional task to run after the steps: my-account-role, registry-versioning-off or registry-log-prune (repeatable).")
    var tasks: [String] = []

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    func validate() throws {
        if repair && (dryRun || version != nil || baselineAnyway || allowDestructive || !tasks.isEmpty) {
            throw ValidationError("--repair takes no --dry-run, --to, --baseline-anyway, --allow-destructive or --with: it only re-stamps the history")
        }
    }

    func run() throws {
        let console = output.console()
        var unverified = false
        do {
            try migrate(console, unverified: &unverified)
        } catch {
            // A failed verification on record is a mismatch found (exit 1), not a failure to run.
            throw unverified ? Exit.mismatch : error
        }
    }

    private func migrate(_ console: Console, unverified: inout Bool) throws {
        try reportingFailures(console) {
            let url = try connection.parsedURL(for: target.database, console)
            let database = try console.open(url, for: dryRun ? .read : .write)
            try TargetCheck.require(target.database, on: database, for: "migrate", suggest: MigratedDatabase.isMigrated)
            if repair {
                let repaired = try Migrator.repair(on: database, lockTimeout: .seconds(lockTimeout), database: target.database)
                switch format {
                case .json:
                    try printJSON(
                        RepairJSON(
                            version: repaired.version,
                            restamped: repaired.restamped.map { RepairJSON.Restamped(version: $0.version, from: $0.from, to: $0.to) }))
                case .text:
                    for row in repaired.restamped { print("re-stamped the step to \(row.version): checksum \(row.from) → \(row.to)") }
                    print("\(url) matches \(repaired.version)" + (repaired.restamped.isEmpty ? "; every checksum was current, nothing changed" : ""))
                }
                return
            }
            if dryRun {
                let plan = try Migrator.plan(on: database, to: version, baselineAnyway: baselineAnyway, tasks: tasks, database: target.database)
                let counted = try Migrator.assessLosses(of: plan.steps, live: plan.live, on: database).counts
                switch format {
                case .json:
                    try printJSON(
                        MigrateJSON(
                            from: plan.currentRelease, to: plan.steps.isEmpty ? plan.currentRelease : plan.targetRelease, dryRun: true,
                            steps: plan.steps.map { MigrateJSON.Step(version: $0.version, description: $0.description, milliseconds: nil) },
                            tasks: plan.tasks.map { MigrateJSON.Task(name: $0.name, description: $0.description, milliseconds: nil) },
                            baselined: false, script: try Migrator.script(of: plan, for: database.dialect), destructive: counted))
                case .text:
                    print("-- \(url) is at \(plan.currentRelease)\(Self.placement(plan.placement)); target \(plan.targetRelease)")
                    if plan.steps.isEmpty && plan.tasks.isEmpty { print("-- up to date: nothing to do") }
                    // Consent (--allow-destructive) is needed only where a count is above 0.
                    for line in counted { print("-- would delete: \(line)") }
                    print(try Migrator.script(of: plan, for: database.dialect), terminator: "")
                }
                return
            }
            let report: Migrator.Report
            do {
                report = try Migrator.run(
                    on: database, to: version, baselineAnyway: baselineAnyway, lockTimeout: .seconds(lockTimeout),
                    allowingDestructive: allowDestructive, tasks: tasks, database: target.database, progress: { console.log.info("wso2db: \($0)") },
                    detail: { console.log.debug("wso2db: \($0)") })
            } catch let failure as Migrator.Failure {
                if case .unverified = failure { unverified = true }
                throw failure
            }
            switch format {
            case .json:
                try printJSON(
                    MigrateJSON(
                        from: report.from, to: report.to, dryRun: false,
                        steps: report.applied.map { MigrateJSON.Step(version: $0.version, description: nil, milliseconds: $0.milliseconds) },
                        tasks: report.tasks.map { MigrateJSON.Task(name: $0.name, description: nil, milliseconds: $0.milliseconds) },
                        baselined: report.baselined, script: nil, stillToDo: report.stillToDo))
            case .text:
                if report.applied.isEmpty && report.tasks.isEmpty {
                    print("up to date: \(url) is at \(report.to)")
                } else {
                    for step in report.applied { print("migrated to \(step.version) in \(step.milliseconds) ms") }
                    for task in report.tasks { print("ran task \(task.name) in \(task.milliseconds) ms") }
                    print("\(url) is at \(report.to)")
                    if !report.stillToDo.isEmpty {
                        print("still to do, with WSO2's tools (wso2db does not do these):")
                        for item in report.stillToDo { print("  - " + item) }
                    }
                }
            }
        }
    }

    /// How the database was placed. Differences are "accepted" only where migrate carries them along
    /// (`--baseline-anyway`, extra objects only); `status` shows them as what stops migrate.
    static func placement(_ placement: Migrator.Placement, accepted: Bool = true) -> String {
        switch placement {
        case .history: " (by its wso2db history)"
        case .detected(let database, let differences) where differences.isEmpty || accepted:
            " (placed by detect as \(database.wso2Name)\(differences.isEmpty ? "" : ", \(differences.count) differences accepted"))"
        case .detected(let database, let differences):
            " (placed by detect as \(database.wso2Name), nearest; it differs in \(differences.count) "
                + "\(differences.count == 1 ? "way" : "ways"), and migrate refuses it until they are repaired: see `wso2db drift`)"
        }
    }
}

/// `migrate --format json`.
struct MigrateJSON: Encodable {
    struct Step: Encodable {
        let version: String
        @AlwaysPresent var description: String?
        @AlwaysPresent var milliseconds: Int?
    }

    /// An optional task, planned or run.
    struct Task: Encodable {
        let name: String
        @AlwaysPresent var description: String?
        @AlwaysPresent var milliseconds: Int?
    }

    let from: String
    let to: String
    let dryRun: Bool
    let steps: [Step]
    let tasks: [Task]
    let baselined: Bool
    @AlwaysPresent var script: String?
    /// What the upgrade still needs from WSO2's tools (empty for a dry run and the shared database's steps).
    var stillToDo: [String] = []
    /// For a dry run: each destructive operation with the rows it would delete now.
    var destructive: [String] = []
}

/// `migrate --repair --format json`.
struct RepairJSON: Encodable {
    struct Restamped: Encodable {
        let version: String
        let from: String
        let to: String
    }

    let version: String
    let restamped: [Restamped]
}

/// `wso2db status`: where a database stands on its upgrade path.
struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show a WSO2_AM_DB or shared database's version, the steps applied and pending, and any step changed since it was applied.",
        discussion: """
            Exit status: 0, or 1 when an applied step's definition has changed since or the last verification recorded \
            failed, 2 when the database cannot be placed.
            """
    )

    @OptionGroup var target: MigratedDatabase
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    func run() throws {
        let console = output.console()
        let changed = try reportingFailures(console) { () throws -> Bool in
            let url = try connection.parsedURL(for: target.database, console)
            let database = try console.open(url, for: .read)
            try TargetCheck.require(target.database, on: database, for: "status", suggest: MigratedDatabase.isMigrated)
            let history = try SchemaHistory.entries(on: database)
            let plan = try Migrator.plan(on: database, to: nil, baselineAnyway: false, reportingOnly: true, database: target.database)
            let pending = plan.steps.map { StatusJSON.Pending(version: $0.version, description: $0.description) }
            let applied = history.map {
                StatusJSON.Applied(
                    version: $0.version, description: $0.description, kind: $0.kind, checksum: $0.checksum, installedBy: $0.installedBy,
                    installedAt: $0.installedAt, milliseconds: $0.executionMilliseconds, success: $0.success)
            }
            let mismatches = plan.changedSteps.map { StatusJSON.Mismatch(version: $0.version, recorded: $0.recorded, current: $0.current) }
            let failed = plan.failedVerification.map { StatusJSON.Failed(version: $0.version, kind: $0.kind, installedAt: $0.installedAt) }
            switch format {
            case .json:
                try printJSON(
                    StatusJSON(
                        current: plan.currentRelease, applied: applied, pending: pending, checksumMismatches: mismatches,
                        failedVerification: failed))
            case .text:
                print("\(url) is at \(plan.currentRelease)\(Migrate.placement(plan.placement, accepted: false))")
                for entry in history {
                    print("  \(entry.kind.padding(toLength: 8, withPad: " ", startingAt: 0)) \(entry.version)  \(entry.installedAt)  by \(entry.installedBy)  \(entry.executionMilliseconds) ms  \(entry.success ? "" : "FAILED ")\(entry.description)")
                }
                for step in plan.steps { print("  " + console.report.yellow("pending") + "  \(step.version)  \(step.description)") }
                if let failed {
                    print(
                        console.report.red("verification failed:") + " the last verification (\(failed.kind) \(failed.version), "
                            + "\(failed.installedAt)) failed; the database is not migrated until it verifies")
                } else if plan.steps.isEmpty {
                    print("up to date")
                }
                for mismatch in mismatches {
                    print(console.report.red("checksum mismatch:") + " the step to \(mismatch.version) was applied as \(mismatch.recorded), is now \(mismatch.current)")
                }
            }
            return !mismatches.isEmpty || failed != nil
        }
        if changed { throw Exit.mismatch }
    }
}

/// `status --format json`.
struct StatusJSON: Encodable {
    struct Applied: Encodable {
        let version: String
        let description: String
        let kind: String
        let checksum: String?
        let installedBy: String
        let installedAt: String
        let milliseconds: Int
        let success: Bool
    }

    struct Pending: Encodable {
        let version: String
        let description: String
    }

    struct Mismatch: Encodable {
        let version: String
        let recorded: String
        let current: String
    }

    struct Failed: Encodable {
        let version: String
        let kind: String
        let installedAt: String
    }

    let current: String
    let applied: [Applied]
    let pending: [Pending]
    let checksumMismatches: [Mismatch]
    /// The history's last row when it records a failed verification.
    @AlwaysPresent var failedVerification: Failed?
}
