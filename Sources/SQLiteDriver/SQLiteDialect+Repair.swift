import SQLDriver
import WSO2Schema

/// Repairing drift on SQLite. ALTER TABLE cannot change a column or a key there, so a table whose
/// columns or keys differ is rebuilt by SQLite's own procedure (sqlite.org/lang_altertable.html):
/// foreign keys switched off outside the transaction, the table created anew under another name,
/// its rows copied, the old one dropped, the new one renamed, its indexes and triggers made again,
/// and `foreign_key_check` run before the commit. Columns the expected table lacks are kept in the
/// rebuilt table unless destructive repairs are allowed.
extension SQLiteDialect {
    /// Names of tables being rebuilt start with this, so that they are bookkeeping while they exist.
    static let rebuildPrefix = bookkeepingPrefix + "rebuild_"

    public var addsConstraintsToExistingTables: Bool { false }
    public var beginTransactionSQL: String { "BEGIN IMMEDIATE" }
    public var snapshotTransactionSQL: String { "BEGIN DEFERRED" }

    public var foreignKeySwitch: ForeignKeySwitch? {
        // Outside the transaction: SQLite ignores the pragma inside one.
        ForeignKeySwitch(off: "PRAGMA foreign_keys = OFF", on: "PRAGMA foreign_keys = ON", check: "PRAGMA foreign_key_check")
    }

    /// SQLite has no UUID function: 16 random bytes, shaped as a version-4 UUID.
    public var uuidExpression: String {
        "lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || "
            + "substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))"
    }

    /// Rows are numbered in rowid order from the sequence's next value; then the sequence moves past
    /// the highest value handed out.
    public func nextSequenceValuesQuery(_ sequences: [String]) -> SQLStatement {
        SQLStatement(
            sequences.indices.map { position in
                "SELECT \(position), \"next_value\" FROM \(quoteExactly(Self.sequenceTable)) WHERE \"name\" = \(placeholder(position + 1))"
            }.joined(separator: " UNION ALL "),
            sequences.map { .text($0) })
    }

    public func restartSequenceStatement(_ sequence: String, next: Int64) -> SQLStatement {
        SQLStatement(
            "UPDATE \(quoteExactly(Self.sequenceTable)) SET \"next_value\" = ?1 WHERE \"name\" = ?2", [.integer(next), .text(sequence)])
    }

    public func fillFromSequenceStatements(table: String, column: String, sequence: String) -> [RepairStatement] {
        let target = quote(table)
        let field = quote(column)
        let sequences = quoteExactly(Self.sequenceTable)
        let name = stringLiteral(sequence)
        return [
            RepairStatement(
                "UPDATE \(target) SET \(field) = s.\"next_value\" + (n.\"position\" - 1) * s.\"increment\" "
                    + "FROM (SELECT rowid AS \"row\", row_number() OVER (ORDER BY rowid) AS \"position\" FROM \(target) "
                    + "WHERE \(field) IS NULL) AS n, \(sequences) AS s WHERE n.\"row\" = \(target).rowid AND s.\"name\" = \(name)"),
            RepairStatement(
                "UPDATE \(sequences) SET \"next_value\" = max(\"next_value\", coalesce((SELECT max(\(field)) FROM \(target)), 0) + "
                    + "\"increment\") WHERE \"name\" = \(name)"),
        ]
    }

    public func changeStatements(
        for differences: [SchemaDifference], expected: Schema, actual: Schema, allowingDestructive: Bool
    ) -> [RepairStatement] {
        guard !differences.isEmpty else { return [] }
        var body: [RepairStatement] = []
        var switchesForeignKeysOff = false

        let sequenceDifferences = differences.filter { $0.table == nil && $0.element.kind == "sequence" }
        if sequenceDifferences.contains(where: { $0.kind == .missing }) { body.append(RepairStatement(createSequenceTable())) }
        let sequenceTable = quoteExactly(Self.sequenceTable)
        for difference in sequenceDifferences {
            switch (difference.kind, difference.expected, difference.actual) {
            case (.missing, .sequence(let sequence)?, _):
                body.append(RepairStatement(createSequenceStatement(sequence)))
            case (.changed, .sequence(let sequence)?, _):
                body.append(
                    RepairStatement(
                        "UPDATE \(sequenceTable) SET \"start\" = \(sequence.start), \"increment\" = \(sequence.increment) "
                            + "WHERE \"name\" = \(stringLiteral(sequence.name))"))
            case (.extra, _, .sequence(let sequence)?):
                body.append(RepairStatement("DELETE FROM \(sequenceTable) WHERE \"name\" = \(stringLiteral(sequence.name))"))
            default:
                break
            }
        }

        // A function exists only inside the triggers that run it: remake those triggers.
        let remade = Set(
            differences.filter { $0.table == nil && $0.element.kind == "function" }.flatMap { difference in
                expected.triggers.filter { $0.function.sameSQLName(as: difference.element.name(in: nil)) }.map { $0.name.lowercased() }
            })

        let tables = expected.tables.map(\.name) + actual.tables.map(\.name).filter { expected.table(named: $0) == nil }
        for name in tables {
            let own = differences.filter { $0.table?.sameSQLName(as: name) == true }
            let triggersToRemake = expected.triggers.filter { $0.table.sameSQLName(as: name) && remade.contains($0.name.lowercased()) }
            guard !own.isEmpty || !triggersToRemake.isEmpty else { continue }
            if own.contains(where: { $0.kind == .missing && $0.element.kind == "table" }), let table = expected.table(named: name) {
                body.append(RepairStatement(createTableSQL(table)))
                body += table.indexes.map { RepairStatement(createIndexStatement($0).script) }
                body += triggerStatements(for: table, in: expected).map { RepairStatement($0.script) }
                continue
            }
            if own.contains(where: { $0.kind == .extra && $0.element.kind == "table" }) {
                switchesForeignKeysOff = true
                body.append(RepairStatement("DROP TABLE \(quote(name))", destroys: "drops table \(name) and every row in it"))
                continue
            }
            guard let wanted = expected.table(named: name), let found = actual.table(named: name) else { continue }
            let structural = own.filter { !["index", "trigger"].contains($0.element.kind) }
            let extraColumns = structural.compactMap { difference -> Column? in
                if difference.kind == .extra, case .column(let column)? = difference.actual { return column }
                return nil
            }
            let addableColumns = structural.compactMap { difference -> Column? in
                if difference.kind == .missing, case .column(let column)? = difference.expected, canAdd(column, to: wanted) { return column }
                return nil
            }
            if !structural.isEmpty && structural.count == extraColumns.count + addableColumns.count {
                // Only columns to add or drop: SQLite's own ADD and DROP COLUMN do it without
                // copying the table, the drops after the indexes on those columns go.
                body += addableColumns.map { RepairStatement("ALTER TABLE \(quote(name)) ADD COLUMN \(columnDefinition($0, in: wanted))") }
                body += indexAndTriggerRepairs(own, table: wanted, expected: expected, remaking: triggersToRemake)
                body += extraColumns.map { column in
                    RepairStatement(
                        "ALTER TABLE \(quote(name)) DROP COLUMN \(quote(column.name))",
                        destroys: "drops column \(name).\(column.name) and its data")
                }
            } else if !structural.isEmpty {
                switchesForeignKeysOff = true
                // Every column the live table has beyond the wanted one stays, unless it is one the user
                // allowed to be dropped: a rebuild never loses data nobody asked to lose.
                let dropped = allowingDestructive ? Set(extraColumns.map { $0.name.uppercased() }) : []
                let kept = found.columns.filter { wanted.column(named: $0.name) == nil && !dropped.contains($0.name.uppercased()) }
                body += rebuild(wanted, from: found, keeping: kept, in: expected)
                if allowingDestructive {
                    body += extraColumns.map { RepairStatement("-- column \(name).\($0.name) is dropped by the rebuild") }
                } else {
                    body += extraColumns.map { column in
                        RepairStatement(
                            "ALTER TABLE \(quote(name)) DROP COLUMN \(quote(column.name))",
                            destroys: "drops column \(name).\(column.name) and its data")
                    }
                }
            } else {
                body += indexAndTriggerRepairs(own, table: wanted, expected: expected, remaking: triggersToRemake)
            }
        }
        if switchesForeignKeysOff, let first = body.firstIndex(where: { !$0.isComment }) {
            body[first].needsForeignKeysOff = true
        }
        return body
    }

    /// Whether `ALTER TABLE ADD COLUMN` can add the column: SQLite refuses key columns, a
    /// non-constant default, and NOT NULL without a default; a sequence-backed column needs its trigger.
    func canAdd(_ column: Column, to table: Table) -> Bool {
        guard !table.isPrimaryKeyColumn(column.name) else { return false }
        switch column.defaultValue {
        case .currentTimestamp?, .nextValue?, .expression?: return false
        case nil, .null?: return column.isNullable
        default: return true
        }
    }

    /// Index and trigger differences of a table that is not rebuilt.
    private func indexAndTriggerRepairs(
        _ differences: [SchemaDifference], table: Table, expected: Schema, remaking: [Trigger]
    ) -> [RepairStatement] {
        var drops: [RepairStatement] = []
        var creates: [RepairStatement] = []
        var remade = Set<String>()
        for difference in differences {
            switch (difference.expected, difference.actual) {
            case (.index(let wanted)?, let found):
                if case .index(let old)? = found { drops.append(RepairStatement(dropIndexSQL(old.name, table: old.table))) }
                creates.append(RepairStatement(createIndexStatement(wanted).script))
            case (nil, .index(let found)?):
                drops.append(RepairStatement(dropIndexSQL(found.name, table: found.table)))
            case (.trigger(let wanted)?, let found):
                if case .trigger(let old)? = found { drops.append(RepairStatement("DROP TRIGGER \(quote(old.name))")) }
                creates += createTrigger(wanted, in: expected)
                remade.insert(wanted.name.lowercased())
            case (nil, .trigger(let found)?):
                drops.append(RepairStatement("DROP TRIGGER \(quote(found.name))"))
            default:
                break
            }
        }
        for trigger in remaking where !remade.contains(trigger.name.lowercased()) {
            drops.append(RepairStatement("DROP TRIGGER IF EXISTS \(quote(trigger.name))"))
            creates += createTrigger(trigger, in: expected)
        }
        return drops + creates
    }

    private func createTrigger(_ trigger: Trigger, in schema: Schema) -> [RepairStatement] {
        guard let function = schema.functions.first(where: { $0.name.sameSQLName(as: trigger.function) }),
            let sql = createTriggerSQL(trigger, function)
        else { return [RepairStatement("-- cannot create trigger \(trigger.name): its function is not known")] }
        return [RepairStatement(sql)]
    }

    /// SQLite's table-rebuild procedure for one table, inside the repair's transaction.
    func rebuild(_ wanted: Table, from found: Table, keeping extraColumns: [Column], in schema: Schema) -> [RepairStatement] {
        var replacement = wanted
        replacement.name = Self.rebuildPrefix + wanted.name
        replacement.columns += extraColumns
        let copied = replacement.columns.filter { found.column(named: $0.name) != nil }.map(\.name)
        var statements = [
            RepairStatement("-- rebuild \(wanted.name): its columns or keys differ, which ALTER TABLE cannot change in SQLite"),
            RepairStatement(createTableSQL(replacement)),
            RepairStatement(
                "INSERT INTO \(quote(replacement.name)) (\(quoteList(copied))) SELECT \(quoteList(copied)) FROM \(quote(wanted.name))"),
            RepairStatement("DROP TABLE \(quote(wanted.name))"),
            RepairStatement("ALTER TABLE \(quote(replacement.name)) RENAME TO \(quote(wanted.name))"),
        ]
        statements += extraColumns.map { RepairStatement("-- kept column \(wanted.name).\($0.name), which is not expected: it may hold data") }
        statements += wanted.indexes.map { RepairStatement(createIndexStatement($0).script) }
        statements += triggerStatements(for: wanted, in: schema).map { RepairStatement($0.script) }
        return statements
    }
}
