import Migrations
import SQLDriver
import WSO2Schema

/// A step turned into one engine's SQL: schema changes by the difference they make to the model
/// (so one differ and one renderer serve both drift repair and migration), renames spelled by the
/// dialect directly (as a difference they would read as a drop and a create), and raw SQL taken
/// from the step for this engine.
extension Migrator {
    /// The statements of one step for `dialect`, in order (without the transaction around them), as
    /// they would run on a database exactly at the step's starting version.
    /// - Throws: `Failure.cannotRender` when an operation has no SQL on this engine.
    public static func statements(of step: MigrationStep, for dialect: any SQLDialect) throws -> [RepairStatement] {
        var statements: [RepairStatement] = []
        try forEachPart(of: step, for: dialect, actual: { $0 }) { statements += $0 }
        return statements
    }

    /// The whole run as a script, for `--dry-run`: each step in its transaction (or, where the
    /// engine's DDL commits by itself, as the resumable sequence it runs as). What a step destroys
    /// is shown, each time with a `-- destructive:` line before it.
    public static func script(of plan: Plan, for dialect: any SQLDialect) throws -> String {
        let steps = try plan.steps.map { step in
            let statements = try statements(of: step, for: dialect)
            let body =
                dialect.supportsTransactionalDDL
                ? dialect.transaction(of: statements)
                : [RepairStatement("-- \(dialect.engineName) commits DDL by itself: each statement is journalled, a rerun goes on after the last")]
                    + statements
            return "-- step \(step.from) → \(step.version): \(step.description)\n" + dialect.repairScript(body, allowingDestructive: true)
        }
        return (steps + [try script(of: plan.tasks, for: dialect)].filter { !$0.isEmpty }).joined(separator: "\n")
    }

    /// Walks a step's operations, handing `body` the statements of each in turn. The SQL of a schema
    /// change is worked out from the difference the change makes to the model, against `actual`
    /// (given the model as it stands): the live database while migrating, so that a SQLite table
    /// rebuild keeps every column the live table has, and names come from the database itself.
    static func forEachPart(
        of step: MigrationStep, for dialect: any SQLDialect, actual: (Schema) throws -> Schema,
        _ body: ([RepairStatement]) throws -> Void
    ) throws {
        let step = try resolved(step, for: dialect.catalogEngine)
        var model = try catalogSchema(step.from, engine: dialect.catalogEngine)
        for operation in step.operations {
            switch operation {
            case .schema(let changes):
                var pending: [SchemaChange] = []
                for change in changes {
                    guard change.isRename else {
                        pending.append(change)
                        continue
                    }
                    try body(try differenceStatements(pending, on: &model, step, dialect, actual))
                    pending = []
                    try body(try renameStatements(change, on: &model, step, dialect))
                }
                try body(try differenceStatements(pending, on: &model, step, dialect, actual))
            case .data(let change):
                try body(dialect.dataStatements(for: change))
            case .sql(let raw):
                guard let sql = raw.statements[dialect.engineID] else {
                    let engines = raw.statements.keys.sorted().joined(separator: ", ")
                    throw Failure.cannotRender(
                        version: step.version, operation: "SQL “\(raw.description)”",
                        reason: "it is written for \(engines.isEmpty ? "no engine" : engines), not \(dialect.engineName) (\(dialect.engineID))")
                }
                let warning = raw.destroys.map { [RepairStatement("-- destructive: \($0)")] } ?? []
                try body(warning + sql.map { RepairStatement($0, destroys: raw.destroys) })
                model = model.applying(raw.effect)
            }
        }
        try body(try engineOwnChanges(after: model, step, dialect, actual))
    }

    /// Changes other than renames, as the difference they make: what a step drops it says so
    /// (`dropTable`, `dropColumn`), and nothing else it renders may destroy data.
    private static func differenceStatements(
        _ changes: [SchemaChange], on model: inout Schema, _ step: MigrationStep, _ dialect: any SQLDialect,
        _ actual: (Schema) throws -> Schema
    ) throws -> [RepairStatement] {
        guard !changes.isEmpty else { return [] }
        let after = model.applying(changes)
        let expected = dialect.inspectedForm(of: after)
        let before = dialect.inspectedForm(of: model)
        let destructive = changes.compactMap(\.destroys)
        let statements = dialect.changeStatements(
            for: SchemaDiffer.differences(expected: expected, actual: before), expected: expected, actual: try actual(before),
            allowingDestructive: !destructive.isEmpty)
        model = after
        try check(statements, step, dialect, destructive: !destructive.isEmpty)
        return destructive.map { RepairStatement("-- destructive: \($0)") } + statements
    }

    /// A rename as the dialect spells it, then whatever the engine names after the renamed object
    /// by itself (PostgreSQL's generated constraint names) brought in line with the catalog.
    private static func renameStatements(
        _ change: SchemaChange, on model: inout Schema, _ step: MigrationStep, _ dialect: any SQLDialect
    ) throws -> [RepairStatement] {
        let after = model.applying([change])
        let missing = { (what: String) in
            Failure.cannotRender(version: step.version, operation: StepText.text(of: change).joined(), reason: "there is no \(what)")
        }
        var statements: [RepairStatement]
        switch change {
        case .renameTable(let old, let new):
            guard model.table(named: old) != nil, let table = after.table(named: new) else { throw missing("table \(old)") }
            statements = dialect.renameTableStatements(from: old, to: table)
        case .renameColumn(let name, let old, let new):
            guard model.table(named: name)?.column(named: old) != nil, let table = after.table(named: name) else {
                throw missing("column \(name).\(old)")
            }
            statements = dialect.renameColumnStatements(in: table, from: old, to: new)
        case .renameIndex(_, let old, let new):
            guard model.indexes.contains(where: { $0.name.sameSQLName(as: old) }),
                let index = after.indexes.first(where: { $0.name.sameSQLName(as: new) })
            else { throw missing("index \(old)") }
            statements = dialect.renameIndexStatements(from: old, to: index)
        default:
            return []
        }
        // The live database after the rename: the model's engine-given names stay as they were.
        let renamed = dialect.inspectedForm(of: model).applying([change])
        let expected = dialect.inspectedForm(of: after)
        statements += dialect.changeStatements(
            for: SchemaDiffer.differences(expected: expected, actual: renamed), expected: expected, actual: renamed,
            allowingDestructive: false)
        model = after
        try check(statements, step, dialect, destructive: false)
        return statements
    }

    /// A statement the dialect could not write, or one that would destroy data the step does not
    /// say to destroy, stops the step before anything of it runs.
    private static func check(_ statements: [RepairStatement], _ step: MigrationStep, _ dialect: any SQLDialect, destructive: Bool) throws {
        if let comment = statements.first(where: { $0.sql.hasPrefix("-- cannot") }) {
            throw Failure.cannotRender(
                version: step.version, operation: "a schema change",
                reason: "\(dialect.engineName) has no SQL for it (\(comment.sql.dropFirst(3)))")
        }
        if !destructive, let loses = statements.first(where: { $0.destroys != nil }) {
            throw Failure.cannotRender(
                version: step.version, operation: "a schema change",
                reason: "on \(dialect.engineName) it \(loses.destroys ?? "destroys data"), which the step does not say to do")
        }
    }
}
