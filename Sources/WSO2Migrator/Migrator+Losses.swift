import Migrations
import SQLDriver
import WSO2Schema

/// What a run would destroy, counted before it changes anything: `--allow-destructive` is asked for only where
/// rows or values would really be lost.
extension Migrator {
    /// What the steps would lose, as the plan finds the database.
    public struct LossAssessment: Sendable {
        /// What would be lost, one line each: each needs `--allow-destructive`.
        public var losses: [String] = []
        /// Every destructive operation with the rows it would delete now (0 included), for the dry run.
        public var counts: [String] = []
        /// Steps whose destructive SQL reads a table an earlier step of the run creates: counted when they start.
        public var countedAtStart: Set<String> = []
    }

    /// What the steps would destroy that holds data: a dropped table with rows, a dropped column
    /// with values, and SQL that says it loses data (with the rows it would delete, where it can count
    /// them). Empty when nothing would be lost.
    static func losses(of steps: [MigrationStep], live: Schema, on connection: any DatabaseConnection) throws -> [String] {
        try assessLosses(of: steps, live: live, on: connection).losses
    }

    /// The losses of the steps and the counts behind them, on the database as it is (`live`).
    public static func assessLosses(of steps: [MigrationStep], live: Schema, on connection: any DatabaseConnection) throws -> LossAssessment {
        let dialect = connection.dialect
        var assessment = LossAssessment()
        for step in steps {
            for operation in step.operations {
                switch operation {
                case .schema(let changes):
                    for change in changes {
                        switch change {
                        case .dropTable(let name) where live.table(named: name) != nil:
                            let rows = try connection.query("SELECT count(*) FROM \(dialect.quote(name))").rows.first?.first?.integerValue ?? 0
                            if rows > 0 { assessment.losses.append("the step to \(step.version) drops table \(name) and its \(rows) rows") }
                        case .dropColumn(let name, let column) where live.table(named: name)?.column(named: column) != nil:
                            let values = try connection.query("SELECT count(\(dialect.quote(column))) FROM \(dialect.quote(name))").rows.first?
                                .first?.integerValue ?? 0
                            if values > 0 { assessment.losses.append("the step to \(step.version) drops column \(name).\(column) and its \(values) values") }
                        default:
                            continue
                        }
                    }
                case .sql(let raw):
                    guard let destroys = raw.destroys else { continue }
                    let what = "the step to \(step.version) runs SQL that \(destroys)"
                    guard let count = raw.lossCount, let query = count.statements[dialect.engineID] else {
                        assessment.losses.append(what)
                        continue
                    }
                    guard count.tables.allSatisfy({ live.table(named: $0) != nil }) else {
                        assessment.countedAtStart.insert(step.version)
                        assessment.counts.append(what + ": counted when the step starts (an earlier step creates what it reads)")
                        continue
                    }
                    let rows = try connection.query(query).rows.first?.first?.integerValue ?? 0
                    assessment.counts.append(what + ": \(rows) rows now")
                    if rows > 0 { assessment.losses.append(what + ": \(rows) rows") }
                case .data:
                    continue
                }
            }
        }
        return assessment
    }

    /// The rows the destructive SQL of `step` would delete, counted on the database as it is now.
    static func countedLosses(of step: MigrationStep, on connection: any DatabaseConnection) throws -> [String] {
        var losses: [String] = []
        for case .sql(let raw) in step.operations {
            guard let destroys = raw.destroys, let query = raw.lossCount?.statements[connection.dialect.engineID] else { continue }
            let rows = try connection.query(query).rows.first?.first?.integerValue ?? 0
            if rows > 0 { losses.append("the step to \(step.version) runs SQL that \(destroys): \(rows) rows") }
        }
        return losses
    }
}
