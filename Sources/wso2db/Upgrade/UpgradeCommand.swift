import ArgumentParser
import Foundation
import SQLDriver
import WSO2Migrator

/// `wso2db upgrade`: the database side of an API-M upgrade, from the two deployments' configuration.
struct UpgradeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "upgrade",
        abstract: "The database side of an API-M upgrade in one run: WSO2_AM_DB and the shared side to 4.7.0 (or --to), planned, verified, resumable.",
        discussion: """
            The old deployment's databases are found through --from-home OLD_APIM_HOME (2.x: master-datasources.xml, \
            user-mgt.xml, registry.xml; 3.x/4.x: deployment.toml) or --from-config FILE, the new deployment's through \
            --to-home NEW_APIM_HOME or --to-config FILE (its deployment.toml); a URL option given overrides the file's \
            choice for that database. Which datasource was chosen for what, and why, is printed first.

            It plans first and writes nothing until every check passed: each database's release (by its wso2db \
            history, or as `detect` places it), the steps to 4.7.0 (or the release --to names), tables and rows, the pre-checks of `migrate` and \
            `merge-legacy`, and whether each new database is empty or holds this upgrade's own unfinished work. \
            --dry-run stops there.

            By default the old databases are only read: WSO2_AM_DB is copied, at its release, into the new \
            deployment's AM database (every table verified: rows, content hash, rows per tenant) and migrated there \
            step by step (steps that drop old data run: the old database keeps it); the 2.x user-management and \
            registry databases (or the 3.x shared database) are merged into the new shared database as `merge-legacy` \
            does. The old deployment stays runnable for a rollback. --in-place migrates the old databases where they \
            are instead (a step that drops data then needs --allow-destructive).

            The whole run holds the run lock of the AM database it writes: a second upgrade waits --lock-timeout \
            seconds, then stops naming the holder. Every part is journalled: a run stopped at any point goes on from \
            there when run again with the same arguments; a finished one run again says so and verifies.

            Exit status: 0 upgraded and verified (or a dry run whose checks passed), 1 a verification mismatch, \
            2 refused or failed.
            """
    )

    @Option(name: .customLong("from-home"), help: ArgumentHelp("The old API-M installation (2.x, 3.x or 4.x).", valueName: "old-apim-home"))
    var fromHome: String?

    @Option(name: .customLong("to-home"), help: ArgumentHelp("The new API-M 4.x installation.", valueName: "new-apim-home"))
    var toHome: String?

    @Option(name: .customLong("from-config"), help: ArgumentHelp("The old deployment's master-datasources.xml or deployment.toml.", valueName: "file"))
    var fromConfig: String?

    @Option(name: .customLong("to-config"), help: ArgumentHelp("The new deployment's deployment.toml.", valueName: "file"))
    var toConfig: String?

    @Option(help: "The old WSO2_AM_DB.")
    var am: String?

    @Option(help: "The old user-management database (2.x WSO2UM_DB).")
    var um: String?

    @Option(help: "The old registry database (2.x WSO2REG_DB).")
    var reg: String?

    @Option(help: "The old shared database (3.x/4.x WSO2_SHARED_DB): both --um and --reg.")
    var shared: String?

    @Option(name: .customLong("to-am"), help: "The new, empty WSO2_AM_DB.")
    var toAM: String?

    @Option(name: .customLong("to-shared"), help: "The new, empty WSO2_SHARED_DB.")
    var toShared: String?

    @Option(
        name: .customLong("to"),
        help: ArgumentHelp(
            "The release to upgrade to (default: the newest, \(Upgrade.targetRelease)): not older than the old deployment's; "
                + "\(Upgrade.mergeReleases.first ?? "")–\(Upgrade.mergeReleases.last ?? "") unless --in-place (the merged shared database has their schema).",
            valueName: "release"))
    var release: String?

    @Flag(name: .customLong("in-place"), help: "Migrate the old databases where they are, instead of copies in the new deployment's.")
    var inPlace = false

    @Flag(name: .customLong("allow-destructive"), help: "With --in-place: let steps drop tables and columns that hold data.")
    var allowDestructive = false

    @Flag(help: "Plan and check; write nothing.")
    var dryRun = false

    @Flag(name: .customLong("password-stdin"), help: "Read a PostgreSQL password from standard input, for every connection that has none of its own.")
    var passwordStdin = false

    @Option(name: .customLong("lock-timeout"), help: "Seconds to wait for another wso2db run on the AM database to finish.")
    var lockTimeout: Int = 30

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @OptionGroup var output: OutputOptions

    private var connections: UpgradeConnections {
        UpgradeConnections(
            fromHome: fromHome, toHome: toHome, fromConfig: fromConfig, toConfig: toConfig, am: am, um: um, reg: reg, shared: shared,
            toAM: toAM, toShared: toShared, inPlace: inPlace)
    }

    func validate() throws {
        if fromHome != nil && fromConfig != nil { throw ValidationError("give either --from-home or --from-config, not both") }
        if toHome != nil && toConfig != nil { throw ValidationError("give either --to-home or --to-config, not both") }
        if shared != nil && (um != nil || reg != nil) { throw ValidationError("--shared is both --um and --reg; give either --shared or --um and --reg") }
        if !connections.oldGiven {
            throw ValidationError("say where the old deployment's databases are: --from-home OLD_APIM_HOME, --from-config FILE, or --am with --shared (or --um and --reg)")
        }
        if inPlace {
            if toHome != nil || toConfig != nil || toAM != nil || toShared != nil {
                throw ValidationError("--in-place upgrades the old databases where they are; leave out --to-home, --to-config, --to-am and --to-shared")
            }
        } else {
            if !connections.newGiven {
                throw ValidationError("say where the new deployment's databases are: --to-home NEW_APIM_HOME, --to-config FILE, or --to-am and --to-shared (or --in-place)")
            }
            if allowDestructive { throw ValidationError("--allow-destructive is for --in-place; a copy's steps may drop what the old database keeps") }
        }
    }

    func run() throws {
        let console = output.console()
        let report = try reportingFailures(console) { () throws -> Upgrade.Report in
            let databases = try connections.resolve(
                passwords: try PasswordInput.sources(reading: passwordStdin), passwordStdin: passwordStdin, console)
            Interruption.install()
            do {
                return try Upgrade.run(
                    databases, options: Upgrade.Options(dryRun: dryRun, allowDestructive: allowDestructive, lockTimeout: .seconds(lockTimeout), release: release),
                    progress: { console.log.info("wso2db: \($0)") }, detail: { console.log.debug("wso2db: \($0)") })
            } catch let stopped as Interruption.Stopped {
                console.log.error("\(stopped); what is done so far is journalled\n  hint: run the same command again to go on from there")
                throw Exit.failed
            }
        }
        switch format {
        case .json: try printJSON(UpgradeJSON(report))
        case .text: print(UpgradeText.render(report, palette: console.report))
        }
        if report.verified == false { throw Exit.mismatch }
    }
}
