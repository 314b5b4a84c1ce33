import Foundation
import Migrations
import SQLDriver
import WSO2Schema

/// Consecutive steps in one transaction, where the engine's DDL is transactional (PostgreSQL, SQLite).
///
/// Each step still runs its statements, is verified and writes its history row in order, but they
/// commit together: a run killed or failed anywhere leaves the database as it was before the first of
/// them (a rerun starts them again), and no history row is ever committed without the whole result
/// verified. So each step is verified on the tables it touched (its own changes, and the tables whose
/// foreign keys rest on those, which a changed key remakes), and the result of the last one on the
/// whole schema before the commit (which covers the last step's own tables at the same version): what a
/// step leaves alone stays as the verified state before it had it, and anything a step changed beyond
/// its tables would still show in the full verification.
/// Reading the whole schema back after every step was most of a run's time (`migrate am` 2.6.0 →
/// 4.1.0: the schema read and compared six times instead of once).
extension Migrator {
    /// The steps cut into runs of one transaction: a step whose destructive SQL is counted as it starts
    /// (`LossAssessment.countedAtStart`) begins a new one, so that the steps before it are committed when
    /// the count stops the run.
    static func batches(of steps: [MigrationStep], countedAtStart: Set<String>) -> [[MigrationStep]] {
        var batches: [[MigrationStep]] = []
        for step in steps {
            if batches.isEmpty || countedAtStart.contains(step.version) { batches.append([]) }
            batches[batches.count - 1].append(step)
        }
        return batches
    }

    /// The tables a step changes the definition of, and those whose foreign keys reference them (dropping
    /// and remaking a key drops and remakes the foreign keys resting on it), upper-cased.
    static func touchedTables(by step: MigrationStep, in target: Schema) -> Set<String> {
        var names = Set<String>()
        for change in step.schemaChanges {
            names.insert(change.table.uppercased())
            if case .renameTable(_, let new) = change { names.insert(new.uppercased()) }
        }
        for table in target.tables where table.foreignKeys.contains(where: { names.contains($0.referencedTable.uppercased()) }) {
            names.insert(table.name.uppercased())
        }
        return names
    }

    /// Applies `steps` in one transaction, each verified on the tables it touched and recorded (as `release`
    /// says), the last result verified whole before the commit. Steps another run applied meanwhile are
    /// skipped (the history, read under the write lock, says so). Returns the steps applied with their times.
    /// `rendered` holds each step's statements as `statements(of:for:)` worked them out from the model, run as
    /// they are when no drift was accepted.
    /// - Throws: `Failure.verificationFailed` (everything of the transaction rolled back), `DatabaseError`.
    static func applyTogether(
        _ steps: [MigrationStep], recordedAs release: (MigrationStep) -> String, on connection: any DatabaseConnection,
        accepting accepted: Set<String>, rendered: [String: [RepairStatement]] = [:], progress: (String) -> Void, detail: (String) -> Void
    ) throws -> [(MigrationStep, Int)] {
        let dialect = connection.dialect
        // Where tables may be rebuilt, foreign keys are off for the whole transaction and checked before each step ends.
        let switchesOff = dialect.foreignKeySwitch
        if let switchesOff { try connection.execute(switchesOff.off) }
        defer { if let switchesOff { try? connection.execute(switchesOff.on) } }
        // With no drift accepted, the database is the model at every point (the placement found no difference, and
        // every step before verified its tables), so a step's SQL is worked out from the model, as the dry run shows
        // it (and as the run rendered it before its first change), without reading the schema back before each part.
        let actual: (Schema) throws -> Schema = accepted.isEmpty ? { $0 } : { _ in try connection.inspectSchema() }
        func run(_ statements: [RepairStatement], of step: MigrationStep) throws -> Int {
            var count = 0
            for statement in statements where !statement.isComment {
                do {
                    try connection.run(statement.statement)
                    count += 1
                } catch let error as DatabaseError {
                    throw error.during("migrating to \(step.version)")
                }
            }
            return count
        }
        return try connection.exclusiveTransaction { () throws -> [(MigrationStep, Int)] in
            var applied: [(MigrationStep, Int)] = []
            for step in steps {
                // Under the write lock, the history says whether this step is still to do.
                guard try isNext(step, on: connection) else { continue }
                progress("applying \(step.from) → \(release(step)): \(step.description)")
                let started = ContinuousClock.now
                var count = 0
                if accepted.isEmpty, let statements = rendered[step.version] {
                    count = try run(statements, of: step)
                } else {
                    try forEachPart(of: step, for: dialect, actual: actual) { count += try run($0, of: step) }
                }
                let ran = ContinuousClock.now
                let worked = "the step to \(step.version): \(count) statements worked out and run in \(SchemaCreator.milliseconds(ran - started)) ms"
                if step.version == steps.last?.version {
                    // The whole schema is verified at this very version next, before the commit: its tables with it.
                    detail(worked + ", verified with the whole schema")
                } else {
                    let target = try MigrationChain.of(step).catalogSchema(step.version, engine: dialect.catalogEngine)
                    let tables = touchedTables(by: step, in: target)
                    try verify(step, on: connection, accepting: accepted, tables: tables)
                    detail(worked + ", its \(tables.count) tables verified in \(SchemaCreator.milliseconds(ContinuousClock.now - ran)) ms")
                }
                applied.append((step, try finish(step, recordedAs: release(step), on: connection, started: started)))
            }
            if let last = applied.last?.0 {
                let started = ContinuousClock.now
                try verify(last, on: connection, accepting: accepted)
                detail("the whole schema verified at \(last.version) in \(SchemaCreator.milliseconds(ContinuousClock.now - started)) ms")
            }
            return applied
        }
    }
}
