import SQLDriver
import WSO2Schema

/// A dialect that spells everything differently from PostgreSQL and SQLite: identifiers in
/// brackets, strings as `N'…'`, placeholders `:pN`, insert-if-absent as `INSERT IGNORE`, indexes
/// `USING BTREE`, no native sequences (a bookkeeping table), and DDL that is not transactional.
/// Shared code that writes SQL by hand instead of asking the dialect shows up in its output as a
/// double quote, `ON CONFLICT`, `CREATE SEQUENCE` or `BEGIN`.
struct OddDialect: SQLDialect {
    var engineName: String { "Odd" }
    var engineID: String { "odd" }
    var supportsTransactionalDDL: Bool { false }
    var hasNativeSequences: Bool { false }

    func placeholder(_ position: Int) -> String { ":p\(position)" }
    func storedName(_ name: String) -> String { name }
    func booleanLiteral(_ flag: Bool) -> String { flag ? "YES" : "NO" }
    func blobLiteral(_ bytes: [UInt8]) -> String { "BLOB'" + bytes.map { String($0) }.joined(separator: ".") + "'" }

    func quoteExactly(_ name: String) -> String { "[" + name.replacingAll("]", with: "]]") + "]" }
    func stringLiteral(_ text: String) -> String { "N'" + text.replacingAll("'", with: "''") + "'" }

    func insertSQL(into quotedTable: String, columns: [String], values: [String], ignoringConflicts: Bool) -> String {
        (ignoringConflicts ? "INSERT IGNORE INTO " : "INSERT INTO ") + "\(quotedTable) (\(quoteList(columns))) VALUES (" + values.joined(separator: ", ") + ")"
    }

    func createIndexStatement(_ index: Index) -> DDLStatement {
        DDLStatement(
            .indexes, "index \(index.name)",
            "CREATE \(index.isUnique ? "UNIQUE " : "")INDEX \(quote(index.name)) ON \(quote(index.table)) USING BTREE ("
                + index.keys.map(indexKeySQL).joined(separator: ", ") + ")")
    }

    func dropIndexSQL(_ name: String, table: String) -> String { "DROP INDEX \(quote(name)) ON \(quote(table))" }

    func createSequenceStatements(_ sequence: DatabaseSequence) -> [DDLStatement] {
        [
            insertStatement(
                .sequences, "sequence \(sequence.name)", into: bookkeepingTable("sequences"), columns: ["name", "next"],
                values: [.value(.text(sequence.name)), .value(.integer(Int64(sequence.start)))])
        ]
    }

    func restartSequenceSQL(_ sequence: String, next: Int64) -> String {
        "UPDATE \(bookkeepingTable("sequences")) SET [next] = \(next) WHERE [name] = \(stringLiteral(sequence))"
    }

    func renameTableStatements(from old: String, to table: Table) -> [RepairStatement] {
        [RepairStatement("RENAME TABLE \(quote(old)) TO \(quote(table.name))")]
    }

    func renameColumnStatements(in table: Table, from old: String, to new: String) -> [RepairStatement] {
        [RepairStatement("ALTER TABLE \(quote(table.name)) CHANGE \(quote(old)) \(quote(new))")]
    }

    func renameIndexStatements(from old: String, to index: Index) -> [RepairStatement] {
        [RepairStatement("ALTER TABLE \(quote(index.table)) RENAME INDEX \(quote(old)) TO \(quote(index.name))")]
    }

    func typeSQL(_ type: ColumnType) -> String {
        switch type {
        case .varchar(let length): "VARCHAR2(\(length))"
        case .binary: "LONGBLOB"
        default: "ODD_TYPE"
        }
    }

    func createStatements(for schema: Schema) -> [DDLStatement] {
        var statements = schema.sequences.flatMap(createSequenceStatements)
        for table in schema.tables {
            statements.append(DDLStatement(.tables, "table \(table.name)", createTableSQL(table)))
            statements += table.indexes.map(createIndexStatement)
        }
        return statements + schema.seeds.map(seedStatement)
    }

    func createTableSQL(_ table: Table) -> String {
        var parts = table.columns.map { columnDefinition($0, in: table) }
        if let key = table.primaryKey { parts.append("PRIMARY KEY (\(quoteList(key.columns)))") }
        parts += table.uniqueConstraints.map { "UNIQUE (\(quoteList($0.columns)))" }
        return "CREATE TABLE \(quote(table.name)) (" + parts.joined(separator: ", ") + ")"
    }

    func bookkeepingSetup() -> [String] { [] }
    func bookkeepingTable(_ name: String) -> String { quoteExactly("odd_" + name) }
    func bookkeepingTableExists(_ name: String) -> SQLStatement {
        SQLStatement("SELECT count(*) FROM [odd_catalog] WHERE [name] = :p1", [.text("odd_" + name)])
    }

    func columnDefinition(_ column: Column, in table: Table) -> String {
        "\(quote(column.name)) \(typeSQL(column.type))" + (column.isNullable ? "" : " NOT NULL")
    }

    func inspectedForm(of schema: Schema) -> Schema { schema }

    /// Enough of a repair to see every spelling it uses.
    func changeStatements(
        for differences: [SchemaDifference], expected: Schema, actual: Schema, allowingDestructive: Bool
    ) -> [RepairStatement] {
        differences.flatMap { difference -> [RepairStatement] in
            let table = difference.table.map(quote) ?? ""
            switch (difference.kind, difference.expected, difference.actual) {
            case (.missing, .table(let wanted)?, _):
                return [RepairStatement(createTableSQL(wanted))] + wanted.indexes.map { RepairStatement(createIndexStatement($0).script) }
            case (.extra, _, .table(let found)?):
                return [RepairStatement("DROP TABLE \(quote(found.name))", destroys: "drops table \(found.name) and every row in it")]
            case (.missing, .column(let column)?, _):
                return [RepairStatement("ALTER TABLE \(table) ADD \(columnDefinition(column, in: Table(name: "")))")]
            case (.extra, _, .column(let column)?):
                return [
                    RepairStatement(
                        "ALTER TABLE \(table) DROP \(quote(column.name))", destroys: "drops column \(difference.table ?? "").\(column.name) and its data")
                ]
            case (.changed, .column(let column)?, _):
                return [RepairStatement("ALTER TABLE \(table) MODIFY \(columnDefinition(column, in: Table(name: "")))")]
            case (.missing, .primaryKey(let key)?, _):
                return [RepairStatement("ALTER TABLE \(table) ADD PRIMARY KEY (\(quoteList(key.columns)))")]
            case (.missing, .uniqueConstraint(let key)?, _):
                return [RepairStatement("ALTER TABLE \(table) ADD UNIQUE (\(quoteList(key.columns)))")]
            case (.extra, _, .uniqueConstraint(let key)?):
                return [RepairStatement("ALTER TABLE \(table) DROP UNIQUE (\(quoteList(key.columns)))")]
            case (.missing, .index(let index)?, _):
                return [RepairStatement(createIndexStatement(index).script)]
            case (.extra, _, .index(let index)?):
                return [RepairStatement(dropIndexSQL(index.name, table: index.table))]
            case (.missing, .sequence(let sequence)?, _):
                return createSequenceStatements(sequence).map(RepairStatement.init)
            case (.missing, .foreignKey(let key)?, _):
                return [
                    RepairStatement(
                        "ALTER TABLE \(table) ADD FOREIGN KEY (\(quoteList(key.columns))) REFERENCES \(quote(key.referencedTable)) "
                            + "(\(quoteList(key.referencedColumns)))")
                ]
            default:
                return [RepairStatement("-- cannot repair automatically: \(difference.kind.rawValue) \(difference.object)")]
            }
        }
    }

    var addsConstraintsToExistingTables: Bool { true }
    var beginTransactionSQL: String { "START TRANSACTION ODDLY" }
    var snapshotTransactionSQL: String { "START TRANSACTION READ ONLY ODDLY" }
    var foreignKeySwitch: ForeignKeySwitch? { nil }
    var uuidExpression: String { "ODD_UUID()" }

    func nextSequenceValuesQuery(_ sequences: [String]) -> SQLStatement {
        SQLStatement("SELECT [position], [next] FROM [odd_sequences]", sequences.map { .text($0) })
    }

    func restartSequenceStatement(_ sequence: String, next: Int64) -> SQLStatement {
        SQLStatement("UPDATE [odd_sequences] SET [next] = :p1 WHERE [name] = :p2", [.integer(next), .text(sequence)])
    }

    func fillFromSequenceStatements(table: String, column: String, sequence: String) -> [RepairStatement] {
        [RepairStatement("UPDATE \(quote(table)) SET \(quote(column)) = ODD_NEXT(\(stringLiteral(sequence))) WHERE \(quote(column)) IS NULL")]
    }
}
