import Migrations
import SQLDriver
import WSO2Schema

/// The optional tasks (`migrate --with NAME`): data work WSO2 ships apart from its release scripts, run after the
/// steps, each in one transaction that verifies the schema is untouched, recorded once in the history.
extension Migrator {
    /// The tasks named, in the order the catalog of tasks lists them, without those the history records as done.
    /// - Throws: `Failure.unknownTask` for a name no task has.
    static func pendingTasks(_ names: [String], history: [SchemaHistory.Recorded]) throws -> [MigrationTask] {
        let known = MigrationSteps.sharedTasks
        if let unknown = names.first(where: { name in !known.contains { $0.name == name } }) {
            throw Failure.unknownTask(unknown, known: known.map(\.name))
        }
        return known.filter { task in names.contains(task.name) && !history.contains { isRecord(of: task, $0) } }
    }

    /// Whether a history row records the task.
    static func isRecord(of task: MigrationTask, _ row: SchemaHistory.Recorded) -> Bool {
        row.success && row.kind == SchemaHistory.Kind.task.rawValue && row.description.hasPrefix(historyPrefix(task))
    }

    static func historyPrefix(_ task: MigrationTask) -> String { "task \(task.name): " }

    /// Rows that the tasks' checks find, as conflicts of the release the database will be at.
    static func conflicts(of tasks: [MigrationTask], version: String, on connection: any DatabaseConnection) throws -> [Conflict] {
        try tasks.compactMap { task -> Conflict? in
            guard let check = task.check, let query = check.query[connection.dialect.engineID] else { return nil }
            let rows = try connection.query(query).rows
            guard !rows.isEmpty else { return nil }
            return Conflict(
                table: check.table, rule: "\(check.rule) (task \(task.name))", version: version,
                rows: rows.prefix(Conflict.limit).map { row in
                    "(\(check.key.joined(separator: ", "))) = (\(row.map(connection.dialect.literal).joined(separator: ", ")))"
                },
                count: rows.count, truncated: rows.count > Conflict.limit)
        }
    }

    /// The task's statements for the engine.
    /// - Throws: `Failure.cannotRender` when it has none.
    static func statements(of task: MigrationTask, for dialect: any SQLDialect) throws -> [RepairStatement] {
        guard let sql = task.sql.statements[dialect.engineID] else {
            throw Failure.cannotRender(
                version: "task \(task.name)", operation: "SQL “\(task.sql.description)”", reason: "it has no SQL for \(dialect.engineName)")
        }
        return (task.sql.destroys.map { [RepairStatement("-- destructive: \($0)")] } ?? []) + sql.map { RepairStatement($0, destroys: task.sql.destroys) }
    }

    /// Runs the task in one transaction: its statements, a check that the schema is still `version`'s (drift
    /// accepted at the baseline aside), its history row. `nil` when another run did it meanwhile.
    static func run(
        _ task: MigrationTask, at version: String, recordedAs release: String, on connection: any DatabaseConnection, accepting accepted: Set<String>
    ) throws -> Int? {
        let started = ContinuousClock.now
        let dialect = connection.dialect
        let statements = try statements(of: task, for: dialect).filter { !$0.isComment }
        return try connection.exclusiveTransaction { () throws -> Int? in
            guard try !SchemaHistory.entries(on: connection).contains(where: { isRecord(of: task, $0) }) else { return nil }
            for statement in statements {
                do {
                    try connection.run(statement.statement)
                } catch let error as DatabaseError {
                    throw error.during("running task \(task.name)")
                }
            }
            let problems = SchemaDiffer.differences(
                expected: dialect.inspectedForm(of: try catalogSchema(version)), actual: try connection.inspectSchema()
            ).filter { !accepted.contains($0.object) }.map { "\($0.kind.rawValue) \($0.object)" }
            guard problems.isEmpty else { throw Failure.verificationFailed(version: "task \(task.name)", problems: problems) }
            let milliseconds = SchemaCreator.milliseconds(ContinuousClock.now - started)
            try record(
                SchemaHistory.Entry(
                    database: "shared", version: release, description: historyPrefix(task) + task.description, kind: .task,
                    checksum: task.checksum, executionMilliseconds: milliseconds, success: true), on: connection)
            return milliseconds
        }
    }

    /// The tasks of a plan as a script, for `--dry-run`.
    static func script(of tasks: [MigrationTask], for dialect: any SQLDialect) throws -> String {
        try tasks.map { task in
            "-- task \(task.name) (asked for with --with): \(task.description)\n-- follows \(task.follows)\n"
                + dialect.repairScript(dialect.transaction(of: try statements(of: task, for: dialect)), allowingDestructive: true)
        }.joined(separator: "\n")
    }
}
