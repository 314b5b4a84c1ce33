import SQLDriver
import WSO2Catalog
import WSO2Schema

/// The database side of an API-M upgrade in one run: the old deployment's WSO2_AM_DB, and its
/// user-management and registry databases (API-M 2.x) or its shared database (3.x/4.x), brought to
/// the newest release wso2db knows, or to the release asked for (`Options.release`).
///
/// It plans first, reading only: each database's release, the steps, row counts and the pre-checks
/// `migrate` and `merge-legacy` make, and whether each target is empty or holds this run's own
/// unfinished work. Nothing is written until every part of the plan passed. Then, by default, the
/// AM database is copied into the new deployment's (`DatabaseCopy`) and migrated there, and the
/// shared side is merged into the new shared database (`LegacyMerge`, which takes a 3.x shared
/// database as well), so that the old deployment keeps running for a rollback; with `inPlace`, the
/// old databases are migrated where they are. The whole run holds the run lock of the AM database
/// it writes; each part is journalled, so a run stopped anywhere goes on when run again, and a
/// finished one run again only verifies.
public enum Upgrade {
    /// The release an upgrade goes to unless told otherwise: the newest the catalog knows.
    public static var targetRelease: String { MigrationChain.am.pathVersions.last! }

    /// The releases an upgrade can go to, oldest first: every release of WSO2_AM_DB's path.
    public static var releases: [String] { MigrationChain.am.pathVersions }

    /// The releases whose shared database a merge makes (the shared schema of 4.2.0–4.7.0 is one): the
    /// releases a copy (not in place) can go to.
    public static var mergeReleases: [String] {
        releases.filter { Catalog.versions(sharingSchemaOf: .shared, version: LegacyMerge.release).contains($0) }
    }

    /// The databases of the two deployments.
    public struct Databases: Sendable {
        /// The old deployment's WSO2_AM_DB.
        public var am: DatabaseURL
        /// The old user-management database (2.x WSO2UM_DB, or a 3.x shared or user database).
        public var um: DatabaseURL
        /// The old registry database (2.x WSO2REG_DB, or a 3.x shared database); the same as `um` when one holds both.
        public var reg: DatabaseURL
        /// The new deployment's WSO2_AM_DB; `nil` in place.
        public var newAM: DatabaseURL?
        /// The new deployment's WSO2_SHARED_DB; `nil` in place.
        public var newShared: DatabaseURL?

        public init(am: DatabaseURL, um: DatabaseURL, reg: DatabaseURL, newAM: DatabaseURL?, newShared: DatabaseURL?) {
            self.am = am
            self.um = um
            self.reg = reg
            self.newAM = newAM
            self.newShared = newShared
        }

        /// Whether the old databases are upgraded where they are.
        public var inPlace: Bool { newAM == nil }
    }

    /// What the caller chose.
    public struct Options: Sendable {
        /// Plan and check only; write nothing.
        public var dryRun: Bool
        /// In place only: let steps drop tables and columns that hold data (a copy always may: the old database keeps them).
        public var allowDestructive: Bool
        /// How long to wait for another run's lock.
        public var lockTimeout: Duration
        /// The release to upgrade to (`--to`): one of `Upgrade.releases`, not older than the old deployment's;
        /// in a copy one of `Upgrade.mergeReleases`. `nil`: the newest.
        public var release: String?

        public init(dryRun: Bool = false, allowDestructive: Bool = false, lockTimeout: Duration = .seconds(30), release: String? = nil) {
            self.dryRun = dryRun
            self.allowDestructive = allowDestructive
            self.lockTimeout = lockTimeout
            self.release = release
        }
    }

    /// Why an upgrade would not start, or did not finish.
    public enum Failure: Error, CustomStringConvertible, Sendable {
        case targetNotEmpty(role: String, url: String, objects: [String])
        case sameDatabase(String, String)
        case refused(role: String, problems: [String], hint: String)
        case copyMismatch(tables: [String])
        /// `--to` names no release an upgrade can go to here.
        case unknownRelease(String, known: [String])
        /// `--to` names a release whose shared database a merge does not make (a copy, not in place).
        case mergeCannotReach(String, reachable: [String])
        /// `--to` names a release older than an old database's.
        case olderThanSource(role: String, at: String, asked: String)

        public var description: String {
            switch self {
            case .targetNotEmpty(let role, let url, let objects):
                return "\(role) \(url) already holds data that is not from this upgrade: \(objects.count) "
                    + "\(objects.count == 1 ? "object" : "objects") (\(NameList(objects))); nothing was written\n"
                    + "  hint: give the new deployment an empty database there (upgrade creates the schema itself), or use --in-place "
                    + "to upgrade the old databases where they are"
            case .sameDatabase(let one, let other):
                return "\(one) and \(other) are the same database; the old deployment's databases are only read, so the new ones must "
                    + "be others; nothing was written\n  hint: point the new deployment at empty databases of its own, or use --in-place"
            case .refused(let role, let problems, let hint):
                return "\(role): \(problems.count == 1 ? "a check" : "checks") before the first change failed; nothing was written:\n"
                    + problems.prefix(30).map { "  " + $0 }.joined(separator: "\n")
                    + (problems.count > 30 ? "\n  … and \(problems.count - 30) more" : "") + "\n  hint: \(hint)"
            case .copyMismatch(let tables):
                return "the copy of WSO2_AM_DB does not match its source in \(tables.count) tables (\(NameList(tables))); it was not migrated\n"
                    + "  hint: if the old database changed while it was copied, stop the old deployment, drop the new AM database and run again"
            case .unknownRelease(let release, let known):
                return "--to \(release) is no API-M release wso2db can upgrade to; nothing was written\n"
                    + "  hint: give --to one of \(known.joined(separator: ", ")), or leave it out for \(known.last ?? "the newest")"
            case .mergeCannotReach(let release, let reachable):
                return "--to \(release): the new shared database is made by merging the old one's tables into WSO2_SHARED_DB of "
                    + "\(reachable.first ?? "")–\(reachable.last ?? "") (one schema), which \(release) does not have; nothing was written\n"
                    + "  hint: upgrade to one of \(reachable.joined(separator: ", ")), or use --in-place (back the old databases up "
                    + "first) to stop at \(release)"
            case .olderThanSource(let role, let at, let asked):
                return "\(role) is at \(at), newer than --to \(asked); wso2db does not downgrade, and nothing was written\n"
                    + "  hint: give --to \(at) or a later release, or leave it out for \(Upgrade.targetRelease)"
            }
        }
    }

    /// One step of a plan.
    public struct Step: Sendable {
        public var version: String
        public var description: String
    }

    /// A database upgraded by `migrate`'s chain (the AM database, or a shared-side database in place).
    public struct Migration: Sendable {
        /// `am`, `um`, `reg` or `shared`.
        public var role: String
        /// Where it is read (password masked).
        public var url: String
        /// Where it is upgraded: the new deployment's database (copied there first) or `url` itself.
        public var target: String
        public var from: String
        public var to: String
        /// How `from` was found: its wso2db history, or `detect`.
        public var placedBy: String
        public var steps: [Step]
        /// Tables and rows in the source.
        public var tables: Int
        public var rows: Int
        /// Rows the steps' rules would reject (empty when the pre-check passed).
        public var conflicts: [String]
        /// Data the steps drop (kept in the old database when copied).
        public var losses: [String]
        /// The target's state when planned: `empty`, `resuming` (n tables copied), `copied`, `migrating`, `finished`, or `in place`.
        public var targetState: String
        /// After a run: the copy's verification, per table (empty in place and in a dry run).
        public var copied: [CopiedTable] = []
        /// After a run: the steps this run applied.
        public var applied: [(version: String, milliseconds: Int)] = []
        /// After a run: differences of the upgraded database from the catalog at `to` (empty: identical).
        public var differences: [String] = []
        /// What WSO2's tools still do, after the steps.
        public var stillToDo: [String] = []
    }

    /// One table of the AM copy, verified.
    public struct CopiedTable: Sendable {
        public var table: String
        public var source: LegacyMerge.Tally
        public var target: LegacyMerge.Tally
        public var match: Bool { source == target }
    }

    /// The plan, or after a run, what was done.
    public struct Report: Sendable {
        public var dryRun: Bool
        public var inPlace: Bool
        /// The release the upgrade goes to.
        public var release: String = Upgrade.targetRelease
        public var am: Migration
        /// The shared side merged into the new shared database (copy mode): the merge's report.
        public var merge: LegacyMerge.Report?
        /// The shared side migrated in place: one per database.
        public var shared: [Migration]
        /// Whether everything was already done before this run (it only verified).
        public var alreadyDone: Bool = false
        public var milliseconds: Int = 0

        /// Everything verified: the AM copy table for table, each upgraded database identical to its
        /// release, the merge's own verification; `nil` in a dry run.
        public var verified: Bool? {
            guard !dryRun else { return nil }
            return am.copied.allSatisfy(\.match) && am.differences.isEmpty && shared.allSatisfy(\.differences.isEmpty)
                && merge?.verified != false
        }
    }
}
