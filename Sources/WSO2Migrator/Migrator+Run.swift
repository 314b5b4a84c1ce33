import Foundation
import Migrations
import SQLDriver
import WSO2Catalog
import WSO2Schema

/// Running a plan: under the run lock, everything checked before the first change, then each step.
extension Migrator {
    /// Runs the plan under the run lock: conflicts checked before the first change, then the steps, in one
    /// transaction where DDL is transactional, journalled step by step where not. A step already applied by a
    /// concurrent run is skipped.
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
        // Phase timings for --verbose: where a run's time goes.
        var lap = ContinuousClock.now
        func timed(_ phase: String) {
            let now = ContinuousClock.now
            detail("\(phase) in \(SchemaCreator.milliseconds(now - lap)) ms")
            lap = now
        }
        let plan = try plan(on: connection, to: target, baselineAnyway: baselineAnyway, tasks: tasks, database: database)
        timed("placed at \(plan.currentRelease) and planned")
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
        var rendered: [String: [RepairStatement]] = [:]
        for step in plan.steps { rendered[step.version] = try statements(of: step, for: connection.dialect) }
        for task in plan.tasks { _ = try statements(of: task, for: connection.dialect) }
        let assessment = try assessLosses(of: plan.steps, live: plan.live, on: connection)
        let losses = assessment.losses + plan.tasks.compactMap { task in task.sql.destroys.map { "the task \(task.name) \($0)" } }
        guard losses.isEmpty || allowingDestructive else { throw Failure.wouldDestroy(losses: losses) }
        timed("checked the rows the new rules would reject and what the steps would drop; rendered \(plan.steps.count) steps")
        // Drift the database already had (accepted with --baseline-anyway) is not the steps' doing.
        // A step resumed from its journal is half done: what differs then is its own doing.
        let resuming = try plan.steps.first.map { try !DDLJournal.journalled(journalOperation($0), on: connection).isEmpty } ?? false
        let accepted: Set<String>
        if resuming {
            accepted = []
        } else if case .detected(_, let differences) = plan.placement {
            // The plan compared the same two schemas to place the database.
            accepted = Set(differences.map(\.object))
        } else {
            accepted = Set(
                SchemaDiffer.differences(
                    expected: connection.dialect.inspectedForm(of: try chain.catalogSchema(plan.current, engine: connection.dialect.catalogEngine)),
                    actual: plan.live
                ).map(\.object))
        }
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
        timed("recorded where the database stands")
        // The last step is recorded as the release asked for, which may share the step's schema (--to 4.6.0).
        let recorded = { (step: MigrationStep) in step.version == plan.target ? plan.targetRelease : step.version }
        let countedAtStart = allowingDestructive ? [] : assessment.countedAtStart
        func countLosses(before step: MigrationStep) throws {
            guard countedAtStart.contains(step.version) else { return }
            // Its rows come from the steps just applied: counted now, before anything of it runs.
            let found = try countedLosses(of: step, on: connection)
            guard found.isEmpty else { throw Failure.wouldDestroyMidway(at: step.from, losses: found) }
        }
        func applied(_ step: MigrationStep, _ milliseconds: Int) {
            report.applied.append((recorded(step), milliseconds))
            report.stillToDo += step.leftToWSO2.filter { !report.stillToDo.contains($0) }
        }
        if connection.dialect.supportsTransactionalDDL {
            // Consecutive steps in one transaction, a step whose losses are counted as it starts beginning another.
            for batch in batches(of: plan.steps, countedAtStart: countedAtStart) {
                try countLosses(before: batch[0])
                for (step, milliseconds) in try applyTogether(
                    batch, recordedAs: recorded, on: connection, accepting: accepted, rendered: rendered, progress: progress, detail: detail)
                {
                    applied(step, milliseconds)
                }
                timed("applied, verified and recorded the steps to \(recorded(batch[batch.count - 1]))")
            }
        } else {
            for step in plan.steps {
                try countLosses(before: step)
                progress("applying \(step.from) → \(recorded(step)): \(step.description)")
                if let milliseconds = try applyResumably(step, recordedAs: recorded(step), on: connection, accepting: accepted, detail: detail) {
                    applied(step, milliseconds)
                }
                timed("applied, verified and recorded the step to \(recorded(step))")
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

    /// One step where DDL commits by itself: its statements, worked out from the model alone so that a
    /// rerun plans the very same ones, run through the journal (a rerun goes on after the last one done);
    /// the history row is written, with the journal's removal, once it verifies. `nil` when another run
    /// applied it meanwhile. Where DDL is transactional, steps run in one transaction instead (`applyTogether`).
    /// `release` is what the history row records: the step's version, or a release that shares its schema.
    static func applyResumably(
        _ step: MigrationStep, recordedAs release: String, on connection: any DatabaseConnection, accepting accepted: Set<String>,
        detail: (String) -> Void = { _ in }
    ) throws -> Int? {
        let started = ContinuousClock.now
        // Where tables may be rebuilt, foreign keys are off for the whole step and checked before commit.
        let switchesOff = connection.dialect.foreignKeySwitch
        if let switchesOff { try connection.execute(switchesOff.off) }
        defer { if let switchesOff { try? connection.execute(switchesOff.on) } }
        guard try isNext(step, on: connection) else { return nil }
        let statements = try statements(of: step, for: connection.dialect).filter { !$0.isComment }
        try DDLJournal.run(
            journalOperation(step), statements.map {
                DDLJournal.Entry(object: String($0.sql.prefix(120)), statement: $0.statement, mayBeDoneAlready: $0.mayBeDoneAlready)
            },
            on: connection, during: "migrating to \(step.version)", progress: detail)
        try verify(step, on: connection, accepting: accepted, journalled: true)
        return try connection.exclusiveTransaction {
            let milliseconds = try finish(step, recordedAs: release, on: connection, started: started)
            try DDLJournal.clear(journalOperation(step), on: connection)
            return milliseconds
        }
    }

    /// The journal's name for a step.
    static func journalOperation(_ step: MigrationStep) -> String { "migrate \(step.from) -> \(step.version)" }

    /// Whether the history says the database is at the step's starting version.
    static func isNext(_ step: MigrationStep, on connection: any DatabaseConnection) throws -> Bool {
        let chain = MigrationChain.of(step)
        let applied = try SchemaHistory.entries(on: connection).filter { $0.success && chain.recorded.contains($0.database) }
        return applied.last.flatMap({ chain.canonical($0.version) }) == step.from
    }

    /// Foreign keys hold and the database is the catalog's schema of the step's version (drift
    /// accepted at the baseline aside); with `tables`, the schema of those tables (with every sequence and function).
    /// `journalled`: the step ran through the DDL journal, so a failure leaves its statements done.
    static func verify(
        _ step: MigrationStep, on connection: any DatabaseConnection, accepting accepted: Set<String>, journalled: Bool = false,
        tables: Set<String>? = nil
    ) throws {
        let dialect = connection.dialect
        var problems: [String] = []
        if let switchesOff = dialect.foreignKeySwitch {
            problems += try connection.query(switchesOff.check).rows.map { row in
                "a row of \(row[0].textValue ?? "?") breaks its foreign key to \(row[2].textValue ?? "?")"
            }
        }
        // Named as the engine names what the whole schema holds, then cut down to the tables asked for.
        let expected = dialect.inspectedForm(of: try MigrationChain.of(step).catalogSchema(step.version, engine: dialect.catalogEngine))
        let live = try tables.map { try connection.inspectSchema(tables: $0) } ?? connection.inspectSchema()
        problems += SchemaDiffer.differences(expected: tables.map { expected.restricted(to: $0) } ?? expected, actual: live)
            .filter { !accepted.contains($0.object) }.map { "\($0.kind.rawValue) \($0.object)" }
        guard problems.isEmpty else {
            throw Failure.verificationFailed(version: step.version, problems: problems, journalledFrom: journalled ? step.from : nil)
        }
    }

    /// The step's history row; returns the step's time.
    static func finish(
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
