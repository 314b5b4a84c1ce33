import Foundation
import SQLDriver
import WSO2Catalog
import WSO2Schema

extension Upgrade {
    /// Plans the upgrade and, unless `options.dryRun`, carries it out: see `Upgrade`.
    /// - Throws: `Failure` or a part's own refusal (`LegacyMerge.Failure`, `Migrator.Failure`) before
    ///   anything is written; `DatabaseError` when a database fails or the lock is held elsewhere.
    /// `detail` hears what `--verbose` shows: each journalled statement of a step where DDL commits by itself.
    public static func run(
        _ databases: Databases, options: Options, progress: @escaping (String) -> Void = { _ in }, detail: @escaping (String) -> Void = { _ in }
    ) throws -> Report {
        let clock = ContinuousClock()
        let started = clock.now
        let release = options.release ?? targetRelease
        guard releases.contains(release) else { throw Failure.unknownRelease(release, known: releases) }
        if databases.newShared != nil && !mergeReleases.contains(release) { throw Failure.mergeCannotReach(release, reachable: mergeReleases) }
        progress("planning: reading the old deployment's databases and checking the new ones")
        let source = try MergeSources.open(databases.am)
        defer { source.rollback() }

        // The connection that holds the run's one lock, and writes the AM database: the new one, or the
        // old one in place. A dry run only reads, and takes no lock.
        var opened: MergeSources.OpenedTarget?
        var writer: (any DatabaseConnection)?
        if let newAM = databases.newAM {
            opened = try MergeSources.openTarget(newAM, dryRun: options.dryRun)
            writer = opened?.connection
        } else if !options.dryRun {
            writer = try Connector.open(databases.am, for: .write)
        }
        if !options.dryRun, let writer {
            do {
                try writer.acquireRunLock(timeout: options.lockTimeout)
            } catch {
                removeUnused(opened)
                throw error
            }
        }
        defer { if !options.dryRun { writer?.releaseRunLock() } }

        let am: AMPlan
        var report: Report
        do {
            am = try planAM(
                source: source, target: databases.inPlace ? nil : writer, targetURL: databases.newAM, inPlace: databases.inPlace,
                allowDestructive: options.allowDestructive, release: release)
            if !am.problems.isEmpty {
                throw Failure.refused(
                    role: "WSO2_AM_DB", problems: am.problems,
                    hint: databases.inPlace && !am.migration.losses.isEmpty
                        ? "correct these rows (or, for data the steps drop, back up and pass --allow-destructive), then run again"
                        : "correct or remove these rows in the old database (or a copy of it), then run again")
            }
            report = Report(dryRun: options.dryRun, inPlace: databases.inPlace, release: release, am: am.migration, merge: nil, shared: [])
            if let newShared = databases.newShared {
                try checkDistinct(databases, newShared: newShared)
                report.merge = try LegacyMerge.run(
                    um: databases.um, reg: databases.reg, to: newShared,
                    options: LegacyMerge.Options(dryRun: true, lockTimeout: options.lockTimeout, release: release))
            } else {
                for (role, url) in sharedInPlace(databases) {
                    let connection = try Connector.open(url, for: .read)
                    let (migration, problems) = try planInPlace(role, on: connection, allowDestructive: options.allowDestructive, release: release)
                    guard problems.isEmpty else {
                        throw Failure.refused(role: role.wso2Name, problems: problems, hint: "correct these rows (or back up and pass --allow-destructive), then run again")
                    }
                    report.shared.append(migration)
                }
            }
        } catch {
            removeUnused(opened)
            throw error
        }
        guard !options.dryRun, let writer else {
            report.milliseconds = SchemaCreator.milliseconds(clock.now - started)
            return report
        }

        // In place, the plan's snapshot of the old database would hold locks the steps wait for.
        if databases.inPlace { source.rollback() }
        // The AM database: copied (or the copy gone on with), then migrated.
        let wasDone = am.copyState.map { $0 == .recorded } ?? true && am.migration.steps.isEmpty
        if let state = am.copyState, state != .recorded {
            let copy = try DatabaseCopy.run(
                .am, release: am.release, source: source, live: am.live, plans: am.copyPlans, into: writer, state: state, progress: progress)
            report.am.copied = copy.tables.compactMap { table in
                guard let from = table.source, let to = table.target else { return nil }
                return CopiedTable(table: table.table, source: from, target: to)
            }
            guard copy.verified else { throw Failure.copyMismatch(tables: copy.tables.filter { !$0.match }.map(\.table)) }
        }
        let migrated = try Migrator.run(
            on: writer, to: release, baselineAnyway: false, lockTimeout: options.lockTimeout,
            allowingDestructive: databases.inPlace ? options.allowDestructive : true, database: .am, progress: { progress("am: " + $0) },
            detail: { detail("am: " + $0) })
        report.am.applied = migrated.applied
        report.am.stillToDo = migrated.stillToDo
        report.am.to = migrated.to
        report.am.differences = try differences(on: writer, from: .am, at: migrated.to)

        // The shared side.
        if let newShared = databases.newShared {
            progress("merging the shared side into \(newShared)")
            let merge = try LegacyMerge.run(
                um: databases.um, reg: databases.reg, to: newShared, options: LegacyMerge.Options(lockTimeout: options.lockTimeout, release: release),
                progress: { event in
                    switch event {
                    case .phase(let phase): progress("shared: " + phase)
                    case .copied(let table, let rows, _, let milliseconds): progress("  copied \(table): \(rows) rows in \(milliseconds) ms")
                    case .copying, .verifying: break
                    }
                })
            report.merge = merge
            report.alreadyDone = wasDone && merge.alreadyMerged
        } else {
            report.shared = []
            for (role, url) in sharedInPlace(databases) {
                let connection = try Connector.open(url, for: .write)
                let (planned, _) = try planInPlace(role, on: connection, allowDestructive: options.allowDestructive, release: release)
                var migration = planned
                let done = try Migrator.run(
                    on: connection, to: release, baselineAnyway: false, lockTimeout: options.lockTimeout, allowingDestructive: options.allowDestructive,
                    database: role, progress: { progress("\(role.rawValue): " + $0) }, detail: { detail("\(role.rawValue): " + $0) })
                migration.applied = done.applied
                migration.to = done.to
                migration.differences = try differences(on: connection, from: role, at: done.to)
                report.shared.append(migration)
            }
            report.alreadyDone = wasDone && report.shared.allSatisfy { $0.steps.isEmpty }
        }
        report.milliseconds = SchemaCreator.milliseconds(clock.now - started)
        return report
    }

    /// The shared-side databases upgraded in place: one database holding both families once.
    static func sharedInPlace(_ databases: Databases) -> [(WSO2Database, DatabaseURL)] {
        databases.um == databases.reg ? [(.shared, databases.um)] : [(.um, databases.um), (.reg, databases.reg)]
    }

    /// The new databases must be neither old ones nor each other.
    private static func checkDistinct(_ databases: Databases, newShared: DatabaseURL) throws {
        guard let newAM = databases.newAM else { return }
        let pairs: [(String, DatabaseURL, String, DatabaseURL)] = [
            ("the new WSO2_AM_DB", newAM, "the new WSO2_SHARED_DB", newShared),
            ("the new WSO2_SHARED_DB", newShared, "the old WSO2_AM_DB", databases.am),
        ]
        for (one, first, other, second) in pairs {
            guard let a = try? Connector.open(first, for: .read), let b = try? Connector.open(second, for: .read) else { continue }
            if try a.isSameDatabase(as: b) { throw Failure.sameDatabase("\(one) (\(first))", "\(other) (\(second))") }
        }
    }

    /// How an upgraded database differs from the catalog at its release, as lines (none: identical).
    private static func differences(on connection: any DatabaseConnection, from database: WSO2Database, at release: String) throws -> [String] {
        let chain = MigrationChain.of(database)
        guard let version = chain.canonical(release) else { return ["\(release) is no release of the \(database.wso2Name) path"] }
        let schema = try chain.catalogSchema(version, engine: connection.dialect.catalogEngine)
        return try DriftCheck.run(on: connection, expected: .catalog(schema)).differences.map(\.line)
    }

    /// A SQLite file this run made only to hold the lock is removed again when nothing was written.
    /// Only under the lock: another run may have opened the same new file meanwhile.
    private static func removeUnused(_ opened: MergeSources.OpenedTarget?) {
        guard let opened, opened.created, (try? opened.connection.acquireRunLock(timeout: .zero)) != nil else { return }
        defer { opened.connection.releaseRunLock() }
        guard (try? opened.connection.existingObjects().isEmpty) == true, (try? MergeJournal.read(on: opened.connection)) == nil else { return }
        opened.remove()
    }
}
