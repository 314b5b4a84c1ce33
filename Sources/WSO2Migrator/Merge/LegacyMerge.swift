import Foundation
import Migrations
import SQLDriver
import WSO2Catalog
import WSO2Schema

/// Merges the legacy API-M 2.6.0 user-management (WSO2UM_DB) and registry (WSO2REG_DB) databases
/// into one new WSO2_SHARED_DB 4.7.0.
///
/// Everything is checked before the target is touched: what each source is, drift the merge could
/// not map, rows in the wrong source, swapped sources, a target that is a source or not empty,
/// rows 4.7.0's rules would reject (on PostgreSQL the bare schema is created meanwhile, in a
/// transaction committed only once they pass: `EarlyCreation`). Sources are read in read-only
/// transactions, one snapshot each. The target is created without keys and indexes, each table is
/// streamed in its own transaction with a journal row, then keys, indexes and sequences are added in
/// one more (on PostgreSQL each table's own keys first, a transaction per table: `MergeWriter.finish`).
/// A killed run started again goes on from the journal. Every table is then verified, source against target.
public enum LegacyMerge {
    /// The release whose WSO2_SHARED_DB a merge makes; every release that shares its schema (4.2.0–4.7.0)
    /// may be recorded instead (`Options.release`).
    public static var release: String { MergeMapping.targetVersion }

    /// What the caller chose.
    public struct Options: Sendable {
        /// Check and plan only; write nothing.
        public var dryRun: Bool
        /// Go ahead although a source holds rows of the other source's tables, leaving them behind.
        public var leaveMisplacedRows: Bool
        /// How long to wait for another run's lock on the target.
        public var lockTimeout: Duration
        /// The release the target's history records: `LegacyMerge.release`, or a release sharing its schema
        /// (`upgrade --to 4.3.0` makes a shared database for 4.3.0, the same tables as 4.7.0's).
        public var release: String

        public init(dryRun: Bool = false, leaveMisplacedRows: Bool = false, lockTimeout: Duration = .seconds(30), release: String = LegacyMerge.release) {
            self.dryRun = dryRun
            self.leaveMisplacedRows = leaveMisplacedRows
            self.lockTimeout = lockTimeout
            self.release = release
        }
    }

    /// Why a merge would not start, or stopped.
    public enum Failure: Error, CustomStringConvertible, Sendable {
        case notLegacy(LegacyRole, url: String, found: String)
        case sourceDrift(LegacyRole, url: String, differences: [SchemaDifference])
        case misplacedRows([LeftBehind])
        case swapped(um: [LeftBehind], reg: [LeftBehind])
        case targetIsSource(LegacyRole)
        case targetNotEmpty(objects: [String])
        case targetHoldsOtherMerge(recorded: String, given: String, finished: Bool)
        case conflicts([LegacyRole: [Conflict]])
        /// Source values the target would not keep as they are, listed (a few per table), and how many in all.
        case unfitValues([UnfitValue], count: Int, target: String)
        case verificationFailed(problems: [String])
        case internalError(String)

        public var description: String {
            switch self {
            case .notLegacy(let role, let url, let found):
                return "\(role.option) \(url) is \(found), not a database merge-legacy takes (API-M 2.1.0 to 2.6.0 UM/REG, or a 3.x "
                    + "shared or user database); nothing was written\n"
                    + "  hint: \(role.option) takes the API-M 2.x \(role == .um ? "user-management (WSO2UM_DB)" : "registry (WSO2REG_DB)") database; "
                    + "see what it holds with `wso2db detect --url …`"
            case .sourceDrift(let role, let url, let differences):
                return "\(role.option) \(url) differs from the schema of its API-M release in ways the merge cannot map "
                    + "(its rows would not fit, or would be lost); nothing was written:\n"
                    + differences.prefix(30).map { "  " + $0.line }.joined(separator: "\n")
                    + (differences.count > 30 ? "\n  … and \(differences.count - 30) more" : "")
                    + "\n  hint: see `wso2db detect --url …` and `wso2db drift`; bring the source back to its release's schema on a copy, "
                    + "then merge the copy"
            case .misplacedRows(let rows):
                return "a source holds rows of tables the merge takes from the other source; they would be left behind, "
                    + "so nothing was written:\n"
                    + rows.map { "  \($0.from.option) holds \($0.rows) \($0.rows == 1 ? "row" : "rows") in \($0.table)" }.joined(separator: "\n")
                    + "\n  hint: UM_* tables are taken from --um and REG_* tables from --reg; check the two URLs, or pass "
                    + "--leave-misplaced-rows to merge without these rows"
            case .swapped(let um, let reg):
                return "the sources look swapped: --um holds only registry rows (\(NameList(um.map(\.table)))) "
                    + "and --reg only user-management rows (\(NameList(reg.map(\.table)))); nothing was written\n"
                    + "  hint: swap the URLs of --um and --reg"
            case .targetIsSource(let role):
                return "--to is the same database as \(role.option); the target must be a new, empty database, and the "
                    + "sources are never written; nothing was written\n  hint: create an empty database for --to"
            case .targetNotEmpty(let objects):
                return "the target is not empty: it holds \(objects.count) \(objects.count == 1 ? "object" : "objects") ("
                    + NameList(objects).description + "); nothing was written\n  hint: merge-legacy creates the 4.7.0 schema itself; give --to an empty database"
            case .targetHoldsOtherMerge(let recorded, let given, let finished):
                return "the target holds \(finished ? "a finished" : "an unfinished") merge of other databases (\(recorded)), "
                    + "not of these (\(given)); nothing was written\n"
                    + "  hint: " + (finished ? "give --to another, empty database for a merge of these sources"
                        : "run again with the sources it was started with, or drop the target database and start over")
            case .conflicts(let conflicts):
                return "rows that the rules of WSO2_SHARED_DB 4.7.0 would reject; nothing was written:\n"
                    + conflicts.sorted { $0.key.rawValue > $1.key.rawValue }.flatMap { role, found in
                        found.map { "  \(role.option): \($0.description)" }
                    }.joined(separator: "\n")
                    + "\n  hint: correct or remove these rows in the source (or in a copy of it), then merge again"
            case .unfitValues(let values, let count, let target):
                return "\(count) source \(count == 1 ? "value" : "values") would not arrive in \(target) as \(count == 1 ? "it is" : "they are") "
                    + "(\(target) would refuse or change \(count == 1 ? "it" : "them")); nothing was written:\n"
                    + values.map { "  " + $0.description }.joined(separator: "\n")
                    + (count > values.count ? "\n  … and \(count - values.count) more" : "")
                    + values.compactMap(\.hint).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }.map { "\n  hint: " + $0 }.joined()
                    + "\n  hint: correct these values in the source (or in a copy of it), then merge again; a SQLite target keeps "
                    + "every one of them exactly as it is"
            case .verificationFailed(let problems):
                return "after adding keys and indexes the target does not match the schema it is created at, so the finish's "
                    + "last transaction was rolled back:\n"
                    + problems.prefix(20).map { "  " + $0 }.joined(separator: "\n")
                    + "\n  hint: the copied tables are kept, with any table's keys and indexes committed before; run again to retry, "
                    + "or drop the target database and start over"
            case .internalError(let message):
                return "internal error: \(message)"
            }
        }
    }

    /// Rows in a source that belong to tables taken from the other source.
    public struct LeftBehind: Sendable, Hashable {
        public var from: LegacyRole
        public var table: String
        public var rows: Int
    }

    /// A source as found.
    public struct Source: Sendable {
        public var role: LegacyRole
        /// Where it is (password masked).
        public var url: String
        /// What `detect` says it is.
        public var database: WSO2Database
        /// Its version.
        public var version: String
        /// Differences from its release's schema the merge can live with (indexes, constraints): reported, not fatal.
        public var acceptedDifferences: [SchemaDifference]
    }

    /// Rows and digest on one side of one table.
    public struct Tally: Sendable, Hashable {
        public var rows: Int
        /// 32 hex digits: an order-independent hash of the table's legacy columns.
        public var hash: String
    }

    /// One table of the merge.
    public struct TableReport: Sendable {
        public var table: String
        public var from: LegacyRole
        /// Rows in the source when the plan was made.
        public var plannedRows: Int
        public var backfills: [Backfill]
        /// Verified rows and hash: `nil` in a dry run.
        public var source: Tally?
        public var target: Tally?
        /// Per tenant (text of the tenant column): rows in the source and in the target.
        public var tenants: [String: (source: Int, target: Int)]
        /// How long this run took to copy the table, and the payload bytes it moved; nil when this
        /// run did not copy it (a dry run, or copied by an earlier run).
        public var copyMilliseconds: Int? = nil
        public var copyBytes: Int? = nil
        public var match: Bool? {
            guard let source, let target else { return nil }
            return source == target && tenants.values.allSatisfy { $0.source == $0.target }
        }
    }

    /// What a merge did (or, in a dry run, would do).
    public struct Report: Sendable {
        public var um: Source
        public var reg: Source
        /// The target (password masked).
        public var target: String
        public var dryRun: Bool
        /// Whether this run went on from an earlier, unfinished one.
        public var resumed: Bool
        /// Whether the target already held a finished merge of these sources (then only verified).
        public var alreadyMerged: Bool
        public var tables: [TableReport]
        public var leftBehind: [LeftBehind]
        public var milliseconds: Int
        /// Sequences of the target that stand at or behind the ids drawn from them (the next
        /// insert would collide); part of the verification.
        public var sequencesBehind: [SequencePositions.Behind] = []
        /// Where the time went, phase by phase, in the order they ran (see `Phase`).
        public var phases: [PhaseTime] = []

        /// Every table's source and target agree, and every sequence stands past its ids; `nil` in a dry run.
        public var verified: Bool? {
            dryRun ? nil : tables.allSatisfy { $0.match == true } && sequencesBehind.isEmpty
        }

        /// Per tenant, over all tables: rows in the sources and in the target.
        public var tenants: [(tenant: String, source: Int, target: Int)] {
            var totals: [String: (Int, Int)] = [:]
            for table in tables {
                for (tenant, counts) in table.tenants {
                    let old = totals[tenant] ?? (0, 0)
                    totals[tenant] = (old.0 + counts.source, old.1 + counts.target)
                }
            }
            return totals.keys.sorted { (Int($0) ?? .max, $0) < (Int($1) ?? .max, $1) }.map { ($0, totals[$0]!.0, totals[$0]!.1) }
        }
    }

    /// A part of the run whose time the report gives. The phases follow each other and add up to
    /// about the whole run; where the target is read back while tables are copied (SQLite,
    /// PostgreSQL), that reading overlaps `copy`, and `verify` is only what is left of it after `finish`.
    public enum Phase: String, Sendable, CaseIterable {
        /// Opening the sources and the target, the lock, every check and the plan.
        case checks
        /// Creating the 4.7.0 tables without keys and indexes.
        case create
        /// Copying every table (per table in `TableReport.copyMilliseconds`).
        case copy
        /// Adding the keys, indexes and foreign keys.
        case indexes
        /// Setting sequences, checking the schema against 4.7.0, the journal's end.
        case finish
        /// Reading every table back on both sides, the sequences' check and the history row.
        case verify
    }

    /// One phase's duration.
    public struct PhaseTime: Sendable, Hashable {
        public var phase: Phase
        public var milliseconds: Int
    }

    /// What is going on, for a progress display.
    public enum Event: Sendable {
        /// A phase begins (checking, creating, finishing, verifying).
        case phase(String)
        /// Copying a table: rows and bytes so far, of about `expectedRows`.
        case copying(table: String, from: LegacyRole, rows: Int, bytes: Int, expectedRows: Int)
        /// A table is copied.
        case copied(table: String, rows: Int, bytes: Int, milliseconds: Int)
        /// Reading a table back for verification.
        case verifying(table: String, rows: Int, expectedRows: Int)
    }

    /// Runs the merge (or, with `options.dryRun`, its checks and plan).
    /// - Throws: `Failure` for a refusal (nothing written) or a failed finish; `DatabaseError` when a
    ///   database fails (a connection drops, a lock is held).
    public static func run(
        um umURL: DatabaseURL, reg regURL: DatabaseURL, to targetURL: DatabaseURL, options: Options,
        progress: @escaping (Event) -> Void = { _ in }
    ) throws -> Report {
        let clock = ContinuousClock()
        let started = clock.now
        progress(.phase("checking the sources and the target"))
        // One source may hold both families (a deployment that kept users and registry together).
        let sameSource = umURL == regURL
        // The three are opened at once, each a server's round trips (or a SQLite file's set-up) apart;
        // a failure is reported as opening them in turn would: --um's, --reg's, then --to's.
        let targetOpening = Beside { try MergeSources.openTarget(targetURL, dryRun: options.dryRun) }
        let regOpening = sameSource ? nil : Beside { try MergeSources.open(regURL) }
        let umOpened = Result { try MergeSources.open(umURL) }
        let regOpened = regOpening?.result()
        let targetOpened = targetOpening.result()
        let opened = try? targetOpened.get()
        let target = opened?.connection
        // A SQLite file made only to hold the lock is removed again when the merge never began.
        // Only under the lock: another run may have opened the same new file meanwhile.
        func removeUnused() {
            if let opened, opened.created, let target, (try? target.acquireRunLock(timeout: .zero)) != nil,
                (try? target.existingObjects().isEmpty) == true, (try? MergeJournal.read(on: target) == nil) == true
            {
                opened.remove()
                target.releaseRunLock()
            }
        }
        let umConnection: any DatabaseConnection
        let regConnection: any DatabaseConnection
        do {
            umConnection = try umOpened.get()
            regConnection = try regOpened?.get() ?? umConnection
            _ = try targetOpened.get()
        } catch {
            removeUnused()
            throw error
        }
        let sources: [LegacyRole: any DatabaseConnection] = [.um: umConnection, .reg: regConnection]
        // The snapshots end with the run; nothing was written in them.
        defer {
            umConnection.rollback()
            regConnection.rollback()
        }
        do {
            return try merge(
                sources: sources, sameSource: sameSource, target: target, urls: (umURL, regURL, targetURL), options: options,
                started: started, progress: progress)
        } catch {
            removeUnused()
            throw error
        }
    }

    /// Every value of the tables still to copy fits the target as it is (`ValueFit`), each source
    /// checked on its own connection, at once.
    /// - Throws: `unfitValues` naming them.
    private static func checkValuesFit(
        _ plans: [TablePlan], sources: [LegacyRole: any DatabaseConnection], live: [LegacyRole: Schema], into target: any DatabaseConnection
    ) throws {
        let rules = target.storedValueRules
        let engine = target.dialect.engineName
        let sameSource = sources[.um] === sources[.reg]
        // Read on the target before the sources are read at once, each on its own connection.
        let targetSchema = try MergeMapping.targetSchema(engine: target.dialect.catalogEngine)
        var repertoires: [String: [String: TextRepertoire]] = [:]
        var sizeLimits: [String: [Int: ValueSizeLimit]] = [:]
        for plan in plans {
            repertoires[plan.name] = try ValueFit.narrowRepertoires(plan, in: targetSchema.table(named: plan.name), on: target)
            sizeLimits[plan.name] = try ValueFit.sizeLimits(plan, in: targetSchema.table(named: plan.name), on: target)
        }
        let found = try MergeSources.forEach(sources, sameSource: sameSource) { role, connection in
            try plans.filter { $0.from == role }.flatMap { plan in
                let table = live[role]?.table(named: plan.sourceTable)
                return [
                    try ValueFit.tooLarge(plan, in: connection, live: table, limits: sizeLimits[plan.name] ?? [:]),
                    try ValueFit.find(
                        plan, in: connection, live: table, into: rules, engine: engine, targetTable: targetSchema.table(named: plan.name),
                        repertoires: repertoires[plan.name] ?? [:]),
                ]
            }
        }
        let all = LegacyRole.allCases.flatMap { found[$0] ?? [] }
        let count = all.reduce(0) { $0 + $1.count }
        guard count == 0 else { throw Failure.unfitValues(all.flatMap(\.values), count: count, target: engine) }
    }

    /// No two rows of the tables still to copy (`copying`) are one key as the target compares text,
    /// for the keys only the target can judge (`KeyOnTarget`, `Conflict.duplicatesOnTarget`).
    /// - Throws: `conflicts` naming them.
    private static func checkKeysOnTarget(
        _ keys: [LegacyRole: [KeyOnTarget]], of copying: Set<String>, sources: [LegacyRole: any DatabaseConnection],
        into target: any DatabaseConnection, comparing: [String: [String: KeyComparison]]
    ) throws {
        let targetSchema = try MergeMapping.targetSchema(engine: target.dialect.catalogEngine)
        var found: [LegacyRole: [Conflict]] = [:]
        for role in LegacyRole.allCases {
            for key in keys[role] ?? [] where copying.contains(key.table.name) {
                guard let table = targetSchema.table(named: key.table.name) else { continue }
                found[role, default: []] += try Conflict.duplicatesOnTarget(
                    key, in: sources[role]!, targetTable: table, comparing: comparing[table.name] ?? [:], target: target,
                    version: MergeMapping.targetVersion)
            }
        }
        found = found.filter { !$0.value.isEmpty }
        guard found.isEmpty else { throw Failure.conflicts(found) }
    }

    private static func merge(
        sources: [LegacyRole: any DatabaseConnection], sameSource: Bool, target: (any DatabaseConnection)?,
        urls: (um: DatabaseURL, reg: DatabaseURL, target: DatabaseURL), options: Options, started: ContinuousClock.Instant,
        progress: @escaping (Event) -> Void
    ) throws -> Report {
        let clock = ContinuousClock()
        let (umURL, regURL, targetURL) = urls
        guard Catalog.versions(sharingSchemaOf: .shared, version: MergeMapping.targetVersion).contains(options.release) else {
            throw Failure.internalError("a merge makes WSO2_SHARED_DB \(MergeMapping.targetVersion), not the schema of \(options.release)")
        }
        for role in LegacyRole.allCases {
            if let target, try sources[role]!.isSameDatabase(as: target) { throw Failure.targetIsSource(role) }
        }
        if let target, !options.dryRun { try target.acquireRunLock(timeout: options.lockTimeout) }
        defer { target?.releaseRunLock() }

        // Read now, judged below, after the sources' checks, as ever.
        let fingerprint = MergeJournal.Sources(
            um: umURL, reg: regURL, umIdentity: try sources[.um]!.identity(), regIdentity: try sources[.reg]!.identity())
        let journal = try target.flatMap { try MergeJournal.read(on: $0) }
        let objects = try journal == nil ? target?.existingObjects() ?? [] : []
        // A new, empty target gets its bare schema while the sources are checked, kept only if they pass.
        var early: EarlyCreation?
        if let target, !options.dryRun, journal == nil, objects.isEmpty, EarlyCreation.possible(on: target.dialect) {
            early = EarlyCreation(
                at: target.url, schema: try MergeMapping.targetSchema(engine: target.dialect.catalogEngine), fingerprint: fingerprint.recorded)
        }
        defer { early?.drop() }

        // The two sources are read at once, each on its own connection (see `MergeSources.forEach`).
        let placed = try MergeSources.forEach(sources, sameSource: sameSource) { role, connection in
            try MergeSources.place(role, connection)
        }
        let found = placed.mapValues(\.0)
        let live = placed.mapValues(\.1)
        let releases = try found.mapValues { try MergeMapping.sourceSchema(release: $0.version) }
        let counts = try MergeSources.forEach(sources, sameSource: sameSource) { role, connection in
            try MergeSources.rowCounts(on: connection, live: live[role]!, release: releases[role]!)
        }
        let leftBehind = sameSource ? [] : try MergeSources.misplaced(counts: counts, leaving: options.leaveMisplacedRows)
        // Duplicates under the target's keys as the target compares text (MySQL's collations).
        let comparing = try target.map { try Conflict.keyComparisons(of: MergeMapping.targetSchema(engine: $0.dialect.catalogEngine), on: $0) } ?? [:]
        let checked = try MergeSources.forEach(sources, sameSource: sameSource) { role, connection in
            var family = live[role]!
            family.tables = family.tables.filter { LegacyRole.of(table: $0.name) == role }
            let found = try Conflict.find(
                merging: family, at: releases[role]!, into: MergeMapping.targetSchema(), on: connection, comparing: comparing)
            return (try found.conflicts + MergeSources.brokenForeignKeys(role, of: family, at: releases[role]!.version, on: connection), found.onTarget)
        }
        let conflicts = checked.mapValues(\.0).filter { !$0.value.isEmpty }
        guard conflicts.isEmpty else { throw Failure.conflicts(conflicts) }

        if let journal, !fingerprint.matches(MergeJournal.Sources(recorded: journal.sources)) {
            throw Failure.targetHoldsOtherMerge(
                recorded: MergeJournal.Sources(recorded: journal.sources).urls, given: fingerprint.urls, finished: journal.finished)
        }
        if !objects.isEmpty { throw Failure.targetNotEmpty(objects: objects.map { "\($0.kind.rawValue) \($0.name)" }) }

        let plans = try MergeMapping.tables(live: live, rows: counts, sources: releases)
        if let target, journal?.finished != true {
            let toCopy = plans.filter { journal?.copied.contains($0.name) != true }
            try checkValuesFit(toCopy, sources: sources, live: live, into: target)
            // After `checkValuesFit`: the values grouped on the target are known to fit it.
            try checkKeysOnTarget(checked.mapValues(\.1), of: Set(toCopy.map(\.name)), sources: sources, into: target, comparing: comparing)
        }
        var report = Report(
            um: found[.um]!, reg: found[.reg]!, target: targetURL.description, dryRun: options.dryRun,
            resumed: journal != nil && journal?.finished == false, alreadyMerged: journal?.finished == true,
            tables: plans.map { TableReport(table: $0.name, from: $0.from, plannedRows: $0.sourceRows, backfills: $0.backfills, tenants: [:]) },
            leftBehind: leftBehind, milliseconds: 0)
        guard !options.dryRun, let target else {
            report.milliseconds = SchemaCreator.milliseconds(clock.now - started)
            return report
        }

        var lap = clock.now
        /// Ends the phase that ran since the last lap.
        func phaseDone(_ phase: Phase) {
            let now = clock.now
            report.phases.append(PhaseTime(phase: phase, milliseconds: SchemaCreator.milliseconds(now - lap)))
            lap = now
        }
        report.phases.append(PhaseTime(phase: .checks, milliseconds: SchemaCreator.milliseconds(lap - started)))

        let writer = MergeWriter(
            target: target, schema: try MergeMapping.targetSchema(engine: target.dialect.catalogEngine), sources: sources, live: live,
            plans: plans, progress: progress)
        if journal == nil || journal?.created == false {
            progress(.phase("creating WSO2_SHARED_DB \(MergeMapping.targetVersion) without keys and indexes"))
            if early?.keep() != true { try writer.createBare(fingerprint: fingerprint.recorded, resuming: journal != nil) }
        }
        phaseDone(.create)
        var sourceTallies: [String: TableTally] = [:]
        /// The target's schema as the finish checked it, if this run finished.
        var finishedSchema: Schema?
        var beside = journal?.finished != true && TargetReader.readsEarly(on: target.dialect) ? TargetReader(target: targetURL) : nil
        defer { beside?.stop() }
        if journal?.finished != true {
            for (position, plan) in plans.enumerated() where journal?.copied.contains(plan.name) != true {
                try Interruption.check("stopped before copying \(plan.name)")
                let copyStarted = clock.now
                let tally = try writer.copy(plan)
                sourceTallies[plan.name] = tally
                report.tables[position].copyMilliseconds = SchemaCreator.milliseconds(clock.now - copyStarted)
                report.tables[position].copyBytes = tally.bytes
                beside?.read(plan)
            }
            phaseDone(.copy)
            progress(.phase("adding keys, indexes and foreign keys; setting sequences"))
            let (indexes, checked) = try writer.finish(resuming: journal != nil)
            finishedSchema = checked
            let finished = SchemaCreator.milliseconds(clock.now - lap)
            report.phases.append(PhaseTime(phase: .indexes, milliseconds: indexes))
            report.phases.append(PhaseTime(phase: .finish, milliseconds: max(0, finished - indexes)))
            lap = clock.now
        }

        progress(.phase("verifying every table, source against target"))
        func copy(_ plan: TablePlan) -> TableCopy {
            TableCopy(plan: plan) { rows, _ in progress(.verifying(table: plan.name, rows: rows, expectedRows: plan.sourceRows)) }
        }
        // The tables not read back yet are read two at a time: every other one, the largest first,
        // on a second connection, the others on this one meanwhile.
        let unread = plans.filter { beside?.has($0.name) != true }.sorted { $0.sourceRows > $1.sourceRows }
        if unread.count > 1 {
            let reader = beside ?? TargetReader(target: targetURL)
            beside = reader
            for (offset, plan) in unread.enumerated() where offset % 2 == 1 { reader.read(plan) }
        }
        var merged: [String: TableTally] = [:]
        for plan in plans where beside?.has(plan.name) != true {
            merged[plan.name] = try copy(plan).read(from: target, asTarget: true)
        }
        for (position, plan) in plans.enumerated() {
            let source = try sourceTallies[plan.name] ?? copy(plan).read(from: sources[plan.from]!)
            let merged = try merged[plan.name] ?? beside?.tally(of: plan.name) ?? copy(plan).read(from: target, asTarget: true)
            report.tables[position].source = Tally(rows: source.rows, hash: source.digest.hex)
            report.tables[position].target = Tally(rows: merged.rows, hash: merged.digest.hex)
            for tenant in Set(source.tenants.keys).union(merged.tenants.keys) {
                report.tables[position].tenants[tenant] = (source.tenants[tenant] ?? 0, merged.tenants[tenant] ?? 0)
            }
        }
        report.sequencesBehind = try SequencePositions.behind(
            expected: target.dialect.inspectedForm(of: try MergeMapping.targetSchema(engine: target.dialect.catalogEngine)),
            live: try finishedSchema ?? target.inspectSchema(), on: target)
        try writer.recordHistory(report, release: options.release)
        phaseDone(.verify)
        report.milliseconds = SchemaCreator.milliseconds(clock.now - started)
        return report
    }
}
