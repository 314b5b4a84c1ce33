import SQLDriver
import WSO2Schema

/// SQLite's own spelling of what migration steps and repairs ask for by name: sequences are rows of
/// the emulation's table, an index is renamed by making it again, and a renamed table or column
/// gets its sequence triggers again under names that follow it (SQLite rewrites the triggers'
/// bodies itself, not their names, which a later table of the old name would collide with).
extension SQLiteDialect {
    public func createSequenceStatements(_ sequence: DatabaseSequence) -> [DDLStatement] {
        [createSequenceTable(), createSequenceStatement(sequence)]
    }

    public func restartSequenceSQL(_ sequence: String, next: Int64) -> String {
        "UPDATE \(quoteExactly(Self.sequenceTable)) SET \"next_value\" = \(next) WHERE \"name\" = \(stringLiteral(sequence))"
    }

    public func renameTableStatements(from old: String, to table: Table) -> [RepairStatement] {
        [RepairStatement("ALTER TABLE \(quote(old)) RENAME TO \(quote(table.name))")]
            + table.sequenceBackedColumns.flatMap { column, _ in dropSequenceTriggers(table: old, column: column.name) }
            + sequenceTriggers(for: table).map { RepairStatement($0.script) }
    }

    public func renameColumnStatements(in table: Table, from old: String, to new: String) -> [RepairStatement] {
        var statements = [RepairStatement("ALTER TABLE \(quote(table.name)) RENAME COLUMN \(quote(old)) TO \(quote(new))")]
        if let column = table.column(named: new), case .nextValue = column.defaultValue {
            var renamed = table
            renamed.columns = [column]
            statements += dropSequenceTriggers(table: table.name, column: old) + sequenceTriggers(for: renamed).map { RepairStatement($0.script) }
        }
        return statements
    }

    public func renameIndexStatements(from old: String, to index: Index) -> [RepairStatement] {
        [RepairStatement(dropIndexSQL(old, table: index.table)), RepairStatement(createIndexStatement(index).script)]
    }

    private func dropSequenceTriggers(table: String, column: String) -> [RepairStatement] {
        [Self.nextvalTriggerPrefix, Self.notNullTriggerPrefix].map { prefix in
            RepairStatement("DROP TRIGGER IF EXISTS \(quoteExactly("\(prefix)\(table)_\(column)"))")
        }
    }
}
