import SQLDriver
import WSO2Schema

/// Repairing drift on PostgreSQL: every change is an ALTER, and the whole repair is one transaction
/// (PostgreSQL's DDL is transactional), so a repair that fails half-way changes nothing.
extension PostgresDialect {
    /// Steps of a repair, in the order they must run: what depends on an object is dropped before
    /// it and created after it.
    enum RepairStep: Int, CaseIterable {
        case dropTriggers, dropForeignKeys, dropIndexes, dropKeys, renameKeys, dropFunctions
        case sequences, createTables, addColumns, alterColumns, dropColumns, dropTables, dropSequences
        case addKeys, createIndexes, addForeignKeys, createFunctions, createTriggers
    }

    public var addsConstraintsToExistingTables: Bool { true }
    public var beginTransactionSQL: String { "BEGIN" }
    public var snapshotTransactionSQL: String { "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY" }
    public var foreignKeySwitch: ForeignKeySwitch? { nil }
    public var uuidExpression: String { "gen_random_uuid()::text" }

    public func nextSequenceValuesQuery(_ sequences: [String]) -> SQLStatement {
        SQLStatement(
            sequences.enumerated().map { position, sequence in
                "SELECT \(position), CASE WHEN s.is_called THEN s.last_value + p.seqincrement ELSE s.last_value END "
                    + "FROM \(quote(sequence)) AS s, pg_catalog.pg_sequence AS p "
                    + "WHERE p.seqrelid = CAST(\(placeholder(position + 1)) AS regclass)"
            }.joined(separator: " UNION ALL "),
            sequences.map { .text(quote($0)) })
    }

    public func restartSequenceStatement(_ sequence: String, next: Int64) -> SQLStatement {
        SQLStatement("SELECT setval(CAST($1 AS regclass), $2, false)", [.text(quote(sequence)), .integer(next)])
    }

    public func fillFromSequenceStatements(table: String, column: String, sequence: String) -> [RepairStatement] {
        [
            RepairStatement(
                "UPDATE \(quote(table)) SET \(quote(column)) = nextval(\(stringLiteral(quote(sequence)))::regclass) "
                    + "WHERE \(quote(column)) IS NULL")
        ]
    }

    public func changeStatements(
        for differences: [SchemaDifference], expected: Schema, actual: Schema, allowingDestructive: Bool
    ) -> [RepairStatement] {
        guard !differences.isEmpty else { return [] }
        var plan = RepairPlan()
        let naming = PostgresNaming(schema: expected, fold: storedName)
        for difference in differences {
            let table = difference.table.map(quote) ?? ""
            switch (difference.kind, difference.expected, difference.actual) {
            case (.missing, .table(let wanted)?, _):
                plan.add(.createTables, createTableSQL(wanted, naming: naming))
                for index in wanted.indexes { plan.add(.createIndexes, createIndexStatement(index).script) }
                for (position, key) in wanted.foreignKeys.enumerated() {
                    plan.addForeignKey(addForeignKeySQL(key, on: wanted.name, name: naming.foreignKeyName(of: wanted, at: position)))
                }
                for trigger in expected.triggers where trigger.table.sameSQLName(as: wanted.name) {
                    plan.add(.createTriggers, createTriggerSQL(trigger))
                }
            case (.extra, _, .table(let found)?):
                plan.add(.dropTables, "DROP TABLE \(quote(found.name))", destroys: "drops table \(found.name) and every row in it")
            case (.missing, .column(let column)?, _):
                plan.add(.addColumns, "ALTER TABLE \(table) ADD COLUMN \(columnDefinition(column, in: Table(name: "")))")
            case (.extra, _, .column(let column)?):
                plan.add(
                    .dropColumns, "ALTER TABLE \(table) DROP COLUMN \(quote(column.name))",
                    destroys: "drops column \(difference.table ?? "").\(column.name) and its data")
            case (.changed, .column(let wanted)?, _):
                plan.add(.alterColumns, alterColumnSQL(wanted, table: table, difference))
            case (.missing, .primaryKey(let key)?, _):
                plan.add(.addKeys, "ALTER TABLE \(table) ADD CONSTRAINT \(quote(key.name ?? "")) PRIMARY KEY (\(quoteList(key.columns)))")
            case (.missing, .uniqueConstraint(let key)?, _):
                plan.add(.addKeys, "ALTER TABLE \(table) ADD CONSTRAINT \(quote(key.name ?? "")) UNIQUE (\(quoteList(key.columns)))")
            case (.extra, _, .primaryKey(let key)?):
                plan.dropKey(key.name, columns: key.columns, table: difference.table ?? "", dialect: self, actual: actual, expected: expected)
            case (.extra, _, .uniqueConstraint(let key)?):
                plan.dropKey(key.name, columns: key.columns, table: difference.table ?? "", dialect: self, actual: actual, expected: expected)
            case (.changed, .primaryKey(let wanted)?, .primaryKey(let found)?):
                if difference.changes.map(\.aspect) == [.name] {
                    plan.add(.renameKeys, renameConstraintSQL(table, from: found.name, to: wanted.name))
                } else {
                    plan.dropKey(found.name, columns: found.columns, table: difference.table ?? "", dialect: self, actual: actual, expected: expected)
                    plan.add(.addKeys, "ALTER TABLE \(table) ADD CONSTRAINT \(quote(wanted.name ?? "")) PRIMARY KEY (\(quoteList(wanted.columns)))")
                }
            case (.changed, .uniqueConstraint(let wanted)?, .uniqueConstraint(let found)?):
                if difference.changes.map(\.aspect) == [.name] {
                    plan.add(.renameKeys, renameConstraintSQL(table, from: found.name, to: wanted.name))
                } else {
                    plan.dropKey(found.name, columns: found.columns, table: difference.table ?? "", dialect: self, actual: actual, expected: expected)
                    plan.add(.addKeys, "ALTER TABLE \(table) ADD CONSTRAINT \(quote(wanted.name ?? "")) UNIQUE (\(quoteList(wanted.columns)))")
                }
            case (.missing, .foreignKey(let key)?, _):
                plan.addForeignKey(addForeignKeySQL(key, on: difference.table ?? "", name: key.name ?? ""))
            case (.extra, _, .foreignKey(let key)?):
                plan.dropForeignKey(table: difference.table ?? "", name: key.name ?? "", dialect: self)
            case (.changed, .foreignKey(let wanted)?, .foreignKey(let found)?):
                if difference.changes.map(\.aspect) == [.name] {
                    plan.add(.renameKeys, renameConstraintSQL(table, from: found.name, to: wanted.name))
                } else {
                    plan.dropForeignKey(table: difference.table ?? "", name: found.name ?? "", dialect: self)
                    plan.addForeignKey(addForeignKeySQL(wanted, on: difference.table ?? "", name: wanted.name ?? ""))
                }
            case (.missing, .index(let index)?, _):
                plan.add(.createIndexes, createIndexStatement(index).script)
            case (.extra, _, .index(let index)?):
                plan.add(.dropIndexes, dropIndexSQL(index.name, table: index.table))
            case (.changed, .index(let wanted)?, .index(let found)?):
                plan.add(.dropIndexes, dropIndexSQL(found.name, table: found.table))
                plan.add(.createIndexes, createIndexStatement(wanted).script)
            case (.missing, .sequence(let sequence)?, _):
                for statement in createSequenceStatements(sequence) { plan.add(.sequences, statement.script) }
            case (.extra, _, .sequence(let sequence)?):
                plan.add(.dropSequences, "DROP SEQUENCE \(quote(sequence.name))")
            case (.changed, .sequence(let sequence)?, _):
                plan.add(.sequences, "ALTER SEQUENCE \(quote(sequence.name)) INCREMENT BY \(sequence.increment) START WITH \(sequence.start)")
            case (.missing, .function(let function)?, _):
                plan.add(.createFunctions, createFunctionSQL(function))
            case (.extra, _, .function(let function)?):
                plan.add(.dropFunctions, "DROP FUNCTION \(quote(function.name))")
            case (.changed, .function(let function)?, _):
                plan.add(.createFunctions, replacingFunctionSQL(function))
            case (.missing, .trigger(let trigger)?, _):
                plan.add(.createTriggers, createTriggerSQL(trigger))
            case (.extra, _, .trigger(let trigger)?):
                plan.add(.dropTriggers, "DROP TRIGGER \(quote(trigger.name)) ON \(quote(trigger.table))")
            case (.changed, .trigger(let wanted)?, .trigger(let found)?):
                plan.add(.dropTriggers, "DROP TRIGGER \(quote(found.name)) ON \(quote(found.table))")
                plan.add(.createTriggers, createTriggerSQL(wanted))
            default:
                plan.add(.alterColumns, "-- cannot repair automatically: \(difference.kind.rawValue) \(difference.object)")
            }
        }
        return plan.statements
    }

    func addForeignKeySQL(_ key: ForeignKey, on table: String, name: String) -> String {
        "ALTER TABLE \(quote(table)) ADD CONSTRAINT \(quoteExactly(storedName(name))) FOREIGN KEY "
            + "(\(quoteList(key.columns))) REFERENCES \(quote(key.referencedTable)) "
            + "(\(quoteList(key.referencedColumns)))\(referentialClause(key))"
    }

    private func renameConstraintSQL(_ table: String, from old: String?, to new: String?) -> String {
        "ALTER TABLE \(table) RENAME CONSTRAINT \(quote(old ?? "")) TO \(quote(new ?? ""))"
    }

    /// One ALTER TABLE with an action per changed aspect of the column.
    private func alterColumnSQL(_ column: Column, table: String, _ difference: SchemaDifference) -> String {
        let name = quote(column.name)
        var actions: [String] = []
        if difference.changes(.type) || difference.changes(.length) {
            let type = column.type == .serial ? "INTEGER" : typeSQL(column.type)
            // Text becomes bytes as its UTF-8 encoding: a cast would read backslashes as escapes. Text to shorter
            // text is assigned, not cast: an explicit cast to VARCHAR(n) cuts values short without a word.
            var converted = " USING \(name)::\(type)"
            if case .column(let found)? = difference.actual {
                if column.type == .binary, found.type != .binary {
                    converted = " USING convert_to(\(name), 'UTF8')"
                } else if column.type.isText, found.type.isText {
                    converted = ""
                }
            }
            actions.append("ALTER COLUMN \(name) TYPE \(type)\(converted)")
        }
        if difference.changes(.nullability) {
            actions.append("ALTER COLUMN \(name) \(column.isNullable ? "DROP" : "SET") NOT NULL")
        }
        if difference.changes(.default) {
            if let value = column.defaultValue, value != .null {
                actions.append("ALTER COLUMN \(name) SET DEFAULT \(defaultSQL(value))")
            } else {
                actions.append("ALTER COLUMN \(name) DROP DEFAULT")
            }
        }
        return "ALTER TABLE \(table) " + actions.joined(separator: ", ")
    }

    private func replacingFunctionSQL(_ function: Function) -> String {
        let sql = createFunctionSQL(function)
        return sql.hasPrefix("CREATE FUNCTION") ? "CREATE OR REPLACE FUNCTION" + sql.dropFirst("CREATE FUNCTION".count) : sql
    }
}

/// The statements of a repair, kept per step and written out in step order.
struct RepairPlan {
    private var steps: [PostgresDialect.RepairStep: [RepairStatement]] = [:]
    private var droppedForeignKeys = Set<String>()
    private var addedForeignKeys = Set<String>()

    mutating func add(_ step: PostgresDialect.RepairStep, _ sql: String, destroys: String? = nil) {
        steps[step, default: []].append(RepairStatement(sql, destroys: destroys))
    }

    mutating func addForeignKey(_ sql: String) {
        if addedForeignKeys.insert(sql).inserted { add(.addForeignKeys, sql) }
    }

    mutating func dropForeignKey(table: String, name: String, dialect: PostgresDialect) {
        let key = "\(table.lowercased()).\(name.lowercased())"
        if droppedForeignKeys.insert(key).inserted {
            add(.dropForeignKeys, "ALTER TABLE \(dialect.quote(table)) DROP CONSTRAINT \(dialect.quote(name))")
        }
    }

    /// Drops a primary key or unique constraint. The foreign keys that rest on it must go first
    /// (PostgreSQL refuses otherwise), and those the expected schema has are added back at the end.
    mutating func dropKey(
        _ name: String?, columns: [String], table: String, dialect: PostgresDialect, actual: Schema, expected: Schema
    ) {
        for referencing in actual.tables {
            for key in referencing.foreignKeys
            where key.referencedTable.sameSQLName(as: table) && key.referencedColumns.sqlNames == columns.sqlNames {
                dropForeignKey(table: referencing.name, name: key.name ?? "", dialect: dialect)
                let wanted = expected.table(named: referencing.name)?.foreignKeys.first { $0.name?.sameSQLName(as: key.name ?? "") == true }
                if let wanted { addForeignKey(dialect.addForeignKeySQL(wanted, on: referencing.name, name: wanted.name ?? "")) }
            }
        }
        add(.dropKeys, "ALTER TABLE \(dialect.quote(table)) DROP CONSTRAINT \(dialect.quote(name ?? ""))")
    }

    var statements: [RepairStatement] {
        PostgresDialect.RepairStep.allCases.flatMap { steps[$0] ?? [] }
    }
}

extension Array where Element == String {
    fileprivate var sqlNames: [String] { map { $0.lowercased() } }
}

extension ColumnType {
    /// Whether values of the type are text of some length.
    fileprivate var isText: Bool {
        switch self {
        case .varchar, .char, .text: true
        default: false
        }
    }
}
