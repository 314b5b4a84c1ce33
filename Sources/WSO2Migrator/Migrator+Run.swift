import Foundation
import Migrations
import SQLDriver
import WSO2Catalog
import WSO2Schema

/// Running a plan: under the run lock, everything checked before the first change, then each step.
extension Migrator {
    /// Runs the plan under the run lock: conflicts checked before the first change, then each step
    /// in its own transaction. A step already applied by a concurrent run is skipped.
    /// - Parameter allowingDestructive: whether steps may drop tables or columns that hold data.
    /// - Throws: `Failure` when the plan is refused (a failed last verification, a changed step,
    ///   rows the new rules reject, data a step would drop without `allowingDestructive`), or a
    ///   step cannot run or does not verify; `DatabaseError` from the engine.
    public static func run(
        on connection: any DatabaseConnection, to target: String?, baselineAnyway: Bool, lockTimeout: Duration,
        allowingDestructive: Bool = false, tasks: [String] = [], database: WSO2Database = .shared, progress: (String) -> Void = { _ in },
        detail: (String) -> Void = { _ in }
    ) throws -> Report {
        try connection.acquireRunLock(timeout: lockTimeout)
        defer { connection.releaseRunLock() }
        let plan = try plan(on: connection, to: target, baselineAnyway: baselineAnyway, tasks: tasks, database: database)
        let chain = MigrationChain.of(database)
        if let failed = plan.failedVerification {
            throw Failure.unverified(version: failed.version, kind: failed.kind, at: failed.installedAt)
        }
        if let changed = plan.changedSteps.first { throw Failure.changedStep(version: changed.version, recorded: changed.recorded, current: changed.current) }
        // Up to date, the database stays at the release it is at (4.6.0 does not become 4.7.0 by sharing its schema).
        var report = Report(from: plan.currentRelease, to: plan.currentRelease, applied: [], baselined: false)
        guard !plan.steps.isEmpty || !plan.tasks.isEmpty else { return report }
        let conflicts =
            try Conflict.find(for: plan.steps, live: plan.live, on: connection)
            + conflicts(of: plan.tasks, version: plan.targetRelease, on: connection)
        guard conflicts.isEmpty else { throw Failure.conflicts(conflicts) }
        // Every step and task is rendered before the first runs: one this engine cannot run stops the run here.
        for step in plan.steps { _ = try statements(of: step, for: connection.dialect) }
        for task in plan.tasks { _ = try statements(of: task, for: connection.dialect) }
        let assessment = try assessLosses(of: plan.steps, live: plan.live, on: connection)
        let losses = assessment.losses + plan.tasks.compactMap { task in task.sql.destroys.map { "the task \(task.name) \($0)" } }
        guard losses.isEmpty || allowingDestructive else { throw Failure.wouldDestroy(losses: losses) }
        // Drift the database already had (accepted with --baseline-anyway) is not the steps' doing.
        // A step resumed from its journal is half done: what differs then is its own doing.
        let resuming = try plan.steps.first.map { try !DDLJournal.journalled(journalOperation($0), on: connection).isEmpty } ?? false
        let accepted = resuming ? [] : Set(
            SchemaDiffer.differences(
                expected: connection.dialect.inspectedForm(of: try chain.catalogSchema(plan.current, engine: connection.dialect.catalogEngine)),
                actual: plan.live)
                .map(\.object))
        if case .detected(let database, let differences) = plan.placement {
            try connection.exclusiveTransaction {
                try record(
                    SchemaHistory.Entry(
                        database: database.rawValue, version: plan.current,
                        description: "baseline: placed by detect" + (differences.isEmpty ? "" : " with \(differences.count) differences accepted"),
                        kind: .baseline, checksum: nil, executionMilliseconds: 0, success: true), on: connection)
            }
            report.baselined = true
        }
        for step in plan.steps {
            // The last step is recorded as the release asked for, which may share the step's schema (--to 4.6.0).
            let release = step.version == plan.target ? plan.targetRelease : step.version
            if !allowingDestructive && assessment.countedAtStart.contains(step.version) {
                // Its rows come from the steps just applied: counted now, before anything of it runs.
                let found = try countedLosses(of: step, on: connection)
                guard found.isEmpty else { throw Failure.wouldDestroyMidway(at: step.from, losses: found) }
            }
            progress("applying \(step.from) → \(release): \(step.description)")
            if let milliseconds = try apply(step, recordedAs: release, on: connection, accepting: accepted, detail: detail) {
                report.applied.append((release, milliseconds))
                report.stillToDo += step.leftToWSO2.filter { !report.stillToDo.contains($0) }
            }
        }
        // Tasks are recorded at the release the database is now at.
        let release = plan.steps.isEmpty ? plan.currentRelease : plan.targetRelease
        for task in plan.tasks {
            progress("running task \(task.name): \(task.description)")
            if let milliseconds = try run(task, at: plan.target, recordedAs: release, on: connection, accepting: accepted) {
                report.tasks.append((task.name, milliseconds))
            }
        }
        report.to = release
        return report
    }

    /// One step in one transaction; `nil` when another run applied it meanwhile. Where DDL commits
    /// by itself, the step is journalled statement by statement instead (`applyResumably`).
    /// `release` is what the history row records: the step's version, or a release that shares its schema.
    static func apply(
        _ step: MigrationStep, recordedAs release: String? = nil, on connection: any DatabaseConnection, accepting accepted: Set<String>,
        detail: (String) -> Void = { _ in }
    ) throws -> Int? {
        let clock = ContinuousClock()
        let started = clock.now
        let dialect = connection.dialect
        // Where tables may be rebuilt, foreign keys are off for the whole step and checked before commit.
        let switchesOff = dialect.foreignKeySwitch
        if let switchesOff { try connection.execute(switchesOff.off) }
        defer { if let switchesOff { try? connection.execute(switchesOff.on) } }
        guard dialect.supportsTransactionalDDL else {
            return try applyResumably(
                step, recordedAs: release ?? step.version, on: connection, accepting: accepted, started: started, detail: detail)
        }
        return try connection.exclusiveTransaction { () throws -> Int? in
            // Under the write lock, the history says whether this step is still to do.
            guard try isNext(step, on: connection) else { return nil }
            try forEachPart(of: step, for: dialect, actual: { _ in try connection.inspectSchema() }) { statements in
                for statement in statements where !statement.isComment {
                    do {
                        try connection.run(statement.statement)
                    } catch let error as DatabaseError {
                        throw error.during("migrating to \(step.version)")
                    }
                }
            }
            try verify(step, on: connection, accepting: accepted)
            return try finish(step, recordedAs: release ?? step.version, on: connection, started: started)
        }
    }

    /// The step where DDL commits by itself: its statements, worked out from the model alone so
    /// that a rerun plans the very same ones, run through the journal (a rerun goes on after the
    /// last one done); the history row is written, with the journal's removal, once it verifies.
    static func applyResumably(
        _ step: MigrationStep, recordedAs release: String, on connection: any DatabaseConnection, accepting accepted: Set<String>,
        started: ContinuousClock.Instant, detail: (String) -> Void = { _ in }
    ) throws -> Int? {
        guard try isNext(step, on: connection) else { return nil }
        let statements = try statements(of: step, for: connection.dialect).filter { !$0.isComment }
        try DDLJournal.run(
            journalOperation(step), statements.map {
                DDLJournal.Entry(object: String($0.sql.prefix(120)), statement: $0.statement, mayBeDoneAlready: $0.mayBeDoneAlready)
            },
            on: connection, during: "migrating to \(step.version)", progress: detail)
        try verify(step, on: connection, accepting: accepted)
        return try connection.exclusiveTransaction {
            let milliseconds = try finish(step, recordedAs: release, on: connection, started: started)
            try DDLJournal.clear(journalOperation(step), on: connection)
            return milliseconds
        }
    }

    /// The journal's name for a step.
    static func journalOperation(_ step: MigrationStep) -> String { "migrate \(step.from) -> \(step.version)" }

    /// Whether the history says the database is at the step's starting version.
    private static func isNext(_ step: MigrationStep, on connection: any DatabaseConnection) throws -> Bool {
        let chain = MigrationChain.of(step)
        let applied = try SchemaHistory.entries(on: connection).filter { $0.success && chain.recorded.contains($0.database) }
        return applied.last.flatMap({ chain.canonical($0.version) }) == step.from
    }

    /// Foreign keys hold and the database is the catalog's schema of the step's version (drift
    /// accepted at the baseline aside).
    private static func verify(_ step: MigrationStep, on connection: any DatabaseConnection, accepting accepted: Set<String>) throws {
        let dialect = connection.dialect
        var problems: [String] = []
        if let switchesOff = dialect.foreignKeySwitch {
            problems += try connection.query(switchesOff.check).rows.map { row in
                "a row of \(row[0].textValue ?? "?") breaks its foreign key to \(row[2].textValue ?? "?")"
            }
        }
        let expected = dialect.inspectedForm(of: try MigrationChain.of(step).catalogSchema(step.version, engine: dialect.catalogEngine))
        problems += SchemaDiffer.differences(expected: expected, actual: try connection.inspectSchema())
            .filter { !accepted.contains($0.object) }.map { "\($0.kind.rawValue) \($0.object)" }
        guard problems.isEmpty else { throw Failure.verificationFailed(version: step.version, problems: problems) }
    }

    /// The step's history row; returns the step's time.
    private static func finish(
        _ step: MigrationStep, recordedAs release: String, on connection: any DatabaseConnection, started: ContinuousClock.Instant
    ) throws -> Int {
        let milliseconds = SchemaCreator.milliseconds(ContinuousClock.now - started)
        try record(
            SchemaHistory.Entry(
                database: MigrationChain.of(step).database.rawValue, version: release, description: step.description, kind: .migrate,
                checksum: checksum(of: step), executionMilliseconds: milliseconds, success: true), on: connection)
        return milliseconds
    }

    static func record(_ entry: SchemaHistory.Entry, on connection: any DatabaseConnection) throws {
        for sql in SchemaHistory.setup(connection.dialect) { try connection.execute(sql) }
        try connection.run(SchemaHistory.insert(entry, connection.dialect).statement)
    }
}
