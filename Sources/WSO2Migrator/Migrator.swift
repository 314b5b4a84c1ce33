import Foundation
import Migrations
import SQLDriver
import WSO2Catalog
import WSO2Schema

/// Upgrades WSO2_AM_DB, or the shared database (or a legacy UM/REG database growing into it), in place, step by step:
/// placed by its history or by detection, checked for rows the new rules would reject before the
/// first change, each step with its history row and verified against the catalog, under a run lock:
/// the steps in one transaction where DDL is transactional (`applyTogether`), each journalled where
/// it commits by itself (`applyResumably`).
public enum Migrator {
    /// Why a migration would not start, or stopped.
    public enum Failure: Error, CustomStringConvertible, Sendable {
        case notShared(found: String)
        /// `migrate am` / `status am` on a database that is not WSO2_AM_DB.
        case notAM(found: String)
        case unknownDatabase
        case unknownVersion(String, known: [String])
        case newerThanKnown(String)
        case downgrade(from: String, to: String)
        case drift(version: String, differences: [SchemaDifference])
        case conflicts([Conflict])
        case changedStep(version: String, recorded: String, current: String)
        /// A release the catalog knows, from or to which no step leads yet.
        case noPath(release: String, path: [String])
        /// `--baseline-anyway` on a database that lacks or changes objects of the version it is closest to:
        /// recording that version would record a schema the database does not have.
        case cannotBaseline(version: String, differences: [SchemaDifference])
        /// After a step (or task) the database is not the catalog's schema of `version`. `journalledFrom` is
        /// the step's starting version where the engine's DDL commits by itself: nothing could be rolled back,
        /// the step's statements stay done and journalled, and no history row records it.
        case verificationFailed(version: String, problems: [String], journalledFrom: String? = nil)
        /// A merge-legacy target without the history row a verified merge ends with.
        case unfinishedMerge(copiedTables: Int, copyFinished: Bool)
        /// The last verification recorded in the history failed: the database is not what its
        /// history says until it verifies again.
        case unverified(version: String, kind: String, at: String)
        /// A step's operation has no SQL on this engine.
        case cannotRender(version: String, operation: String, reason: String)
        /// The steps would drop data and the user has not allowed it.
        case wouldDestroy(losses: [String])
        /// A step's rows, made by the steps before it in the same run, would be lost and the user has not allowed
        /// it: the run stopped before that step, with the database at `at`.
        case wouldDestroyMidway(at: String, losses: [String])
        /// `--repair` found the live schema different from the catalog at its version.
        case repairRefused(version: String, differences: [SchemaDifference])
        /// `--with` named a task there is none of.
        case unknownTask(String, known: [String])

        public var description: String {
            switch self {
            case .notShared(let found):
                return "this is \(found): migrate upgrades WSO2_SHARED_DB and the legacy WSO2UM_DB / WSO2REG_DB it grows from"
            case .notAM(let found):
                return "this is \(found), not WSO2_AM_DB; nothing was changed"
                    + "\n  hint: check the URL, or name the database it is (`wso2db migrate shared …`)"
            case .unknownDatabase:
                return "this database matches no WSO2 schema wso2db knows, and it has no wso2db history; nothing was changed"
                    + "\n  hint: check the URL, or see what it holds with `wso2db detect --url …`"
            case .unknownVersion(let version, let known):
                return "no step leads to \(version); known versions: \(known.joined(separator: ", ")); nothing was changed"
                    + "\n  hint: give --to one of the known versions, or leave it out for the newest"
            case .newerThanKnown(let version):
                return "the database is at \(version), newer than any version this wso2db knows; nothing was changed"
                    + "\n  hint: use a newer wso2db"
            case .downgrade(let from, let to):
                return "the database is at \(from), newer than \(to); wso2db does not downgrade, and nothing was changed"
            case .drift(let version, let differences):
                return "the database has no wso2db history and is closest to \(version), but differs from it in "
                    + "\(differences.count) ways; nothing was changed\n"
                    + differences.prefix(40).map { "  " + $0.line }.joined(separator: "\n")
                    + (differences.count > 40 ? "\n  … and \(differences.count - 40) more (see `wso2db drift`)" : "")
                    + "\n  hint: repair it first (`wso2db drift … --fix-sql`), or pass --baseline-anyway to migrate it as it is"
            case .conflicts(let conflicts):
                return "rows that the new version's rules would reject; nothing was changed:\n"
                    + conflicts.map { "  " + $0.description }.joined(separator: "\n")
                    + "\n  hint: correct or remove these rows, then run migrate again"
            case .noPath(let release, let path):
                return "wso2db knows the schema of API-M \(release) (detect, create and drift work on it), but no migration step "
                    + "starts from or leads to it yet; nothing was changed"
                    + "\n  hint: the steps go \(path.joined(separator: " → ")) (and the releases that share those schemas)"
            case .cannotBaseline(let version, let differences):
                return "--baseline-anyway accepts objects the database has beyond \(version), not missing or changed ones: with "
                    + "these \(differences.count) the database is not at \(version), and wso2db will not record that it is; "
                    + "nothing was changed\n"
                    + differences.prefix(40).map { "  " + $0.line }.joined(separator: "\n")
                    + (differences.count > 40 ? "\n  … and \(differences.count - 40) more (see `wso2db drift`)" : "")
                    + "\n  hint: repair them first (`wso2db drift … --fix-sql`), then run migrate again"
            case .changedStep(let version, let recorded, let current):
                return "the step to \(version) was applied with checksum \(recorded), but its definition now has \(current); "
                    + "migrate will not continue past it\n  hint: use the wso2db version that applied it, or check `wso2db status`"
            case .verificationFailed(let version, let problems, nil):
                return "after the step to \(version) the database does not match \(version), so the step was rolled back "
                    + "(and the steps of this run that shared its transaction):\n"
                    + problems.prefix(20).map { "  " + $0 }.joined(separator: "\n")
            case .verificationFailed(let version, let problems, let from?):
                // DDL that commits by itself cannot be rolled back: say where the database is instead.
                return "after the step to \(version) the database does not match \(version): \(problems.count) "
                    + "\(problems.count == 1 ? "difference" : "differences"):\n" + problems.prefix(20).map { "  " + $0 }.joined(separator: "\n")
                    + "\n  the engine committed each of the step's statements as it ran, so nothing was rolled back: they are done and "
                    + "journalled, and the history still records \(from), so the database is part-way from \(from) to \(version)"
                    + "\n  hint: correct the differences above, then run the same command again: it goes on from the journal and "
                    + "verifies the step again before recording it"
            case .unfinishedMerge(let copied, let copyFinished):
                return "this database is the target of a merge-legacy that "
                    + (copyFinished ? "copied every table but was not verified" : "has not finished (\(copied) tables copied so far)")
                    + "; nothing was changed\n  hint: run the same `wso2db merge-legacy` command again to finish it "
                    + "(if it ended in a verification mismatch, drop this database and merge again); "
                    + "migrate and status work on the database once the merge is verified"
            case .unverified(let version, let kind, let at):
                return "the last verification of this database (\(kind) \(version), \(at)) failed; it is not migrated until it verifies"
                    + "\n  hint: see `wso2db status`; for a merge-legacy target, run the same merge-legacy command again to verify it "
                    + "(if it still fails, drop this database and merge again)"
            case .cannotRender(let version, let operation, let reason):
                return "the step to \(version) cannot run here: \(operation): \(reason); nothing of this step was run"
                    + "\n  hint: this wso2db cannot migrate this engine to \(version); report it with the output of `wso2db migrate … --dry-run`"
            case .wouldDestroy(let losses):
                return "the steps drop data; nothing was changed:\n" + losses.map { "  " + $0 }.joined(separator: "\n")
                    + "\n  hint: back the database up, read `wso2db migrate … --dry-run`, then run again with --allow-destructive"
            case .wouldDestroyMidway(let version, let losses):
                return "the next step drops data; the steps before it are done and the database is at \(version):\n"
                    + losses.map { "  " + $0 }.joined(separator: "\n")
                    + "\n  hint: back the database up, then run again with --allow-destructive to go on"
            case .unknownTask(let name, let known):
                return "there is no task \(name); the tasks are \(known.joined(separator: ", ")); nothing was changed"
                    + "\n  hint: see `wso2db migrate --help` for what each does"
            case .repairRefused(let version, let differences):
                return "the database is recorded at \(version) but differs from it in \(differences.count) ways, so its history was "
                    + "not re-stamped; nothing was changed\n" + differences.prefix(40).map { "  " + $0.line }.joined(separator: "\n")
                    + "\n  hint: see `wso2db drift` for the repair; --repair re-stamps only a database that matches its version"
            }
        }
    }

    /// How the database's current version was found.
    public enum Placement: Sendable {
        /// wso2db's history records it.
        case history
        /// No history: `detect` placed it, with these differences (empty unless the user accepted drift).
        case detected(database: WSO2Database, differences: [SchemaDifference])
    }

    /// What a run will do.
    public struct Plan: Sendable {
        /// The version the database is at, as a step version (the newest release of its schema on the path).
        public var current: String
        /// The release the database is at as its history records it (4.6.0, not 4.7.0 whose schema it shares), or
        /// as detection placed it.
        public var currentRelease: String
        /// The release asked for (`--to`), or the newest.
        public var targetRelease: String
        public var placement: Placement
        /// The version it will be at.
        public var target: String
        /// The steps to apply, in order.
        public var steps: [MigrationStep]
        /// Applied steps whose definition has changed since.
        public var changedSteps: [(version: String, recorded: String, current: String)]
        /// The history's last row, when it records a verification that failed (a merge whose
        /// rows did not match): the database is not migrated until it verifies.
        public var failedVerification: SchemaHistory.Recorded?
        /// The database's schema as read for the plan, before any change.
        public var live: Schema
        /// The optional tasks asked for (`--with`) that the history does not record yet, run after the steps.
        public var tasks: [MigrationTask] = []
    }

    /// The shared database's path, as the rest of the migrator names it (`MigrationChain.shared`).
    static var pathVersions: [String] { MigrationChain.shared.pathVersions }

    /// The shared path's version whose schema `version` has (4.5.0 → 4.7.0), or `nil` when no step knows it.
    static func canonical(_ version: String) -> String? { MigrationChain.shared.canonical(version) }

    /// The catalog schema at a version of the shared path (2.1.0–2.6.0 are legacy UM/REG schemas), as
    /// PostgreSQL's scripts write it: the steps are written from it, and releases are told apart by it.
    static func catalogSchema(_ version: String) throws -> Schema { try MigrationChain.shared.catalogSchema(version) }

    /// A step's checksum: the digest of its `StepText`.
    public static func checksum(of step: MigrationStep) -> String { step.checksum }

    /// Where the database stands and which steps lead to `target` (the newest when `nil`).
    /// - Throws: `Failure` when it cannot be placed, is not a shared database, is newer than any
    ///   known version, or has drift (unless `baselineAnyway`).
    /// With `reportingOnly` (for `status`), drift never stops the plan: it is reported in the placement, and
    /// nothing is accepted.
    /// `database` chooses the upgrade path: `.am` for WSO2_AM_DB, anything else for the shared database
    /// (and the legacy UM/REG databases it grows from). `tasks` names the optional tasks to run after the steps (`--with`).
    public static func plan(
        on connection: any DatabaseConnection, to target: String?, baselineAnyway: Bool, reportingOnly: Bool = false, tasks: [String] = [],
        database: WSO2Database = .shared
    ) throws -> Plan {
        let chain = MigrationChain.of(database)
        let everything = try SchemaHistory.entries(on: connection)
        let history = everything.filter { $0.success }
        // A half-merged target looks like an older, drifted shared database; placing it by detection
        // would invite --baseline-anyway to "upgrade" it and spoil the merge's resume.
        if history.isEmpty, let journal = try MergeJournal.read(on: connection) {
            throw Failure.unfinishedMerge(copiedTables: journal.copied.count, copyFinished: journal.finished)
        }
        let live = try connection.inspectSchema()
        let placement: Placement
        let current: String
        let currentRelease: String
        let other = { (found: String) in chain.database == .am ? Failure.notAM(found: found) : Failure.notShared(found: found) }
        if let last = history.last(where: { chain.recorded.contains($0.database) }) {
            guard let version = chain.canonical(last.version) else { throw chain.unplaceable(last.version) }
            current = version
            currentRelease = last.version
            placement = .history
        } else if let last = history.last {
            throw other(WSO2Database(rawValue: last.database)?.wso2Name ?? last.database)
        } else {
            let detection = try Detector.detect(live: live, on: connection)
            guard let match = detection.match else { throw Failure.unknownDatabase }
            guard (match.database == .am) == (chain.database == .am) else { throw other("\(match.database.wso2Name) \(match.version)") }
            guard let version = chain.canonical(match.version) else { throw chain.unplaceable(match.version) }
            let differences = SchemaDiffer.differences(
                expected: connection.dialect.inspectedForm(of: try chain.catalogSchema(version, engine: connection.dialect.catalogEngine)),
                actual: live)
            if !reportingOnly {
                if !differences.isEmpty && !baselineAnyway { throw Failure.drift(version: version, differences: differences) }
                // Only what the database has beyond the version can be carried along: a missing or changed object
                // would still be missing or changed after the steps, under a history row that says otherwise.
                let unacceptable = differences.filter { $0.kind != .extra }
                if !unacceptable.isEmpty { throw Failure.cannotBaseline(version: version, differences: unacceptable) }
            }
            current = version
            currentRelease = version
            placement = .detected(database: match.database, differences: differences)
        }
        let pathVersions = chain.pathVersions
        let wanted = target ?? pathVersions[pathVersions.count - 1]
        guard let goal = chain.canonical(wanted) else {
            if chain.catalogDatabases.contains(where: { Catalog.versions(of: $0).contains(wanted) }) { throw chain.unplaceable(wanted) }
            throw Failure.unknownVersion(wanted, known: chain.knownVersions)
        }
        guard let from = pathVersions.firstIndex(of: current), let to = pathVersions.firstIndex(of: goal) else {
            throw Failure.newerThanKnown(current)
        }
        guard from <= to else { throw Failure.downgrade(from: current, to: goal) }
        let changed = chain.steps.compactMap { step -> (String, String, String)? in
            guard
                let applied = history.last(where: {
                    $0.kind == SchemaHistory.Kind.migrate.rawValue && chain.recorded.contains($0.database)
                        && chain.canonical($0.version) == step.version
                }),
                let recorded = applied.checksum, !step.isChecksum(recorded)
            else { return nil }
            return (step.version, recorded, checksum(of: step))
        }
        return Plan(
            current: current, currentRelease: currentRelease, targetRelease: wanted, placement: placement, target: goal,
            steps: Array(chain.steps[from..<to]), changedSteps: changed.map { (version: $0.0, recorded: $0.1, current: $0.2) },
            failedVerification: everything.last.flatMap { $0.success ? nil : $0 }, live: live,
            tasks: try pendingTasks(tasks, history: history))
    }

    /// What a run did.
    public struct Report: Sendable {
        public var from: String
        public var to: String
        /// The steps applied by this run, with their time.
        public var applied: [(version: String, milliseconds: Int)]
        /// Whether the run recorded a baseline first.
        public var baselined: Bool
        /// What the upgrade still needs from WSO2's own tools after the steps this run applied, in step order.
        public var stillToDo: [String] = []
        /// The optional tasks run, with their time.
        public var tasks: [(name: String, milliseconds: Int)] = []
    }
}
