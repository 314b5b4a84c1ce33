import Foundation
import SQLDriver
import WSO2Catalog
import WSO2Schema

/// A database copied, at the release it is at, into an empty one (of any engine): `upgrade`'s way of
/// leaving the old deployment's database untouched. It is the merge's machinery with one source and
/// no mapping: the target is created at the source's release from the catalog (without keys and
/// indexes), every table streamed in its own transaction with a journal row (`MergeWriter`), keys,
/// indexes and sequences added and the schema verified, then every table read back and held against
/// the source (rows, content hash, rows per tenant). A verified copy is recorded in the target's
/// history as a baseline at the source's release, from which `migrate` goes on.
enum DatabaseCopy {
    /// Where a copy's target stands.
    enum TargetState: Sendable, Equatable {
        /// Nothing in it yet.
        case empty
        /// A copy of this source begun; these tables committed.
        case unfinished(copied: Int)
        /// Every table copied and the keys added, not yet verified and recorded.
        case copied
        /// Copied, verified and recorded: the target's history goes on from there.
        case recorded
    }

    /// One table of a copy.
    struct TableReport: Sendable {
        var table: String
        var plannedRows: Int
        var source: LegacyMerge.Tally?
        var target: LegacyMerge.Tally?
        var match: Bool { source != nil && source == target }
    }

    /// What a copy did.
    struct Report: Sendable {
        var tables: [TableReport]
        /// Whether this run went on from an unfinished copy.
        var resumed: Bool
        var verified: Bool { tables.allSatisfy(\.match) }
        var rows: Int { tables.reduce(0) { $0 + ($1.target?.rows ?? 0) } }
    }

    /// The journal's record of which source a copy is of.
    static func fingerprint(of source: any DatabaseConnection) throws -> MergeJournal.Sources {
        MergeJournal.Sources(copyOf: source.url, identity: try source.identity())
    }

    /// Where `target` stands as the copy of `source`'s database.
    /// - Throws: `Upgrade.Failure.targetNotEmpty` when it holds anything not of a copy of this source.
    static func state(of target: any DatabaseConnection, copying source: any DatabaseConnection, role: String) throws -> TargetState {
        guard let journal = try MergeJournal.read(on: target) else {
            let objects = try target.existingObjects()
            guard objects.isEmpty else {
                throw Upgrade.Failure.targetNotEmpty(role: role, url: target.url.description, objects: objects.map { "\($0.kind.rawValue) \($0.name)" })
            }
            return .empty
        }
        let recorded = MergeJournal.Sources(recorded: journal.sources)
        guard try fingerprint(of: source).matches(recorded) else {
            throw Upgrade.Failure.targetNotEmpty(role: role, url: target.url.description, objects: ["wso2db's journal of another run (\(recorded.urls))"])
        }
        guard journal.finished else { return .unfinished(copied: journal.copied.count) }
        let history = try SchemaHistory.entries(on: target)
        return history.contains { $0.kind == SchemaHistory.Kind.baseline.rawValue && $0.description.hasPrefix(baselinePrefix) } ? .recorded : .copied
    }

    /// The history row's description begins with this.
    static let baselinePrefix = "upgrade: copied from"

    /// One plan per table of `database` at `release` that the source has, every column copied as it is.
    static func plans(
        _ database: WSO2Database, release: String, live: Schema, rows: [String: Int], engine: CatalogEngine
    ) throws -> [TablePlan] {
        // The target's columns as the target engine's catalog has them: widths and types differ by engine.
        try Catalog.schema(for: database, version: release, engine: engine).tables.compactMap { table in
            guard let source = live.table(named: table.name) else { return nil }
            let binary =
                table.columns.contains { $0.type == .binary } && table.columns.allSatisfy { MergeMapping.binaryFormat($0.type) != nil }
            return TablePlan(
                table: table, from: .um, sourceTable: source.name, columns: table.columns,
                sourceColumns: table.columns.map { source.column(named: $0.name)?.name ?? $0.name }, backfills: [],
                // A DATE travels and is compared as the text of the date: the engines' bulk reads do not spell
                // a DATE alike as a timestamp, and a copy never changes its type.
                kinds: table.columns.map { $0.type == .date ? .text : ValueKind($0.type) },
                tenantField: table.columns.firstIndex { $0.name.uppercased() == "TENANT_ID" },
                sourceRows: rows[table.name.uppercased()] ?? 0, binaryTransfer: binary)
        }
    }

    /// Values of the source the target's engine would refuse or change (a SQLite source's text longer
    /// than its declared width, into PostgreSQL; a value longer than a MySQL target's
    /// `max_allowed_packet`), at most a few per table, and how many in all.
    static func unfitValues(
        _ plans: [TablePlan], source: any DatabaseConnection, live: Schema, into target: any DatabaseConnection
    ) throws -> (values: [UnfitValue], count: Int) {
        var values: [UnfitValue] = []
        var count = 0
        for plan in plans {
            let table = live.table(named: plan.sourceTable)
            // The plan's table is the target engine's own (`plans`): its types set the limits.
            let large = try ValueFit.tooLarge(plan, in: source, live: table, limits: ValueFit.sizeLimits(plan, in: plan.table, on: target))
            let found = try ValueFit.find(plan, in: source, live: table, into: target.storedValueRules, engine: target.dialect.engineName)
            values += large.values + found.values
            count += large.count + found.count
        }
        return (values, count)
    }

    /// Copies (or goes on copying) `source` into `target`, under the caller's run lock on `target`,
    /// verifies every table, and records the baseline. `state` is the target's, as `state(of:)` found it.
    static func run(
        _ database: WSO2Database, release: String, source: any DatabaseConnection, live: Schema, plans: [TablePlan],
        into target: any DatabaseConnection, state: TargetState, progress: @escaping (String) -> Void
    ) throws -> Report {
        let clock = ContinuousClock()
        let started = clock.now
        var schema = try Catalog.schema(for: database, version: release, engine: target.dialect.catalogEngine)
        // The source's rows include the seed rows its script inserted: they come with the copy.
        schema.seeds = []
        let journal = try MergeJournal.read(on: target)
        let writer = MergeWriter(
            target: target, schema: schema, sources: [.um: source], live: [.um: live], plans: plans,
            progress: { event in
                if case .copied(let table, let rows, _, let milliseconds) = event { progress("  copied \(table): \(rows) rows in \(milliseconds) ms") }
            })
        // Where DDL commits by itself, a run stopped while creating the tables goes on creating them.
        if state == .empty || journal?.created == false {
            progress("creating \(database.wso2Name) \(release) in \(target.url) without keys and indexes")
            try writer.createBare(fingerprint: try fingerprint(of: source).recorded, resuming: journal != nil)
        }
        var sourceTallies: [String: TableTally] = [:]
        if journal?.finished != true {
            progress("copying \(plans.count) tables of \(database.wso2Name) from \(source.url)")
            for plan in plans where journal?.copied.contains(plan.name) != true {
                try Interruption.check("stopped before copying \(plan.name)")
                sourceTallies[plan.name] = try writer.copy(plan)
            }
            progress("adding keys, indexes and foreign keys to the copy; setting sequences")
            try writer.finish(resuming: journal != nil)
        }
        progress("verifying every table of the copy, source against target")
        var report = Report(tables: [], resumed: state != .empty)
        for plan in plans {
            let copy = TableCopy(plan: plan) { _, _ in }
            let from = try sourceTallies[plan.name] ?? copy.read(from: source)
            let to = try copy.read(from: target, asTarget: true)
            report.tables.append(
                TableReport(
                    table: plan.name, plannedRows: plan.sourceRows, source: LegacyMerge.Tally(rows: from.rows, hash: from.digest.hex),
                    target: LegacyMerge.Tally(rows: to.rows, hash: to.digest.hex)))
        }
        guard report.verified else { return report }
        try target.exclusiveTransaction {
            try Migrator.record(
                SchemaHistory.Entry(
                    database: database.rawValue, version: release,
                    description: "\(baselinePrefix) \(source.url): \(report.rows) rows in \(report.tables.count) tables, verified",
                    kind: .baseline, checksum: nil, executionMilliseconds: SchemaCreator.milliseconds(clock.now - started), success: true),
                on: target)
        }
        return report
    }
}
