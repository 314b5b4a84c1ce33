import SQLDriver
import WSO2Schema

/// Repairing drift on MySQL: every change is an `ALTER TABLE` or an index statement. MySQL commits
/// each of them on its own (DDL is not transactional there), so the steps are ordered to be safe
/// one by one: foreign keys are dropped before the keys and indexes they rest on, and added last.
/// The keys and indexes a table gains are added by one `ALTER TABLE` (and its foreign keys by a
/// second): MySQL rebuilds a table's definition for every statement, so a table with six indexes
/// to add takes one rebuild instead of six (merge-legacy adds every key this way).
extension MySQLDialect {
    /// Steps of a repair, in the order they run.
    enum RepairStep: Int, CaseIterable {
        case dropForeignKeys, dropIndexes, dropKeys, createTables, addColumns, alterColumns, dropColumns, dropTables
        case addKeys, addForeignKeys
    }

    /// The statements, in a safe order, that turn `actual` into `expected` given the differences
    /// between them. A table or a column is dropped only `allowingDestructive`; such statements are
    /// marked with what they would destroy.
    public func changeStatements(
        for differences: [SchemaDifference], expected: Schema, actual: Schema, allowingDestructive: Bool
    ) -> [RepairStatement] {
        var steps: [RepairStep: [RepairStatement]] = [:]
        func add(_ step: RepairStep, _ sql: String, destroys: String? = nil) {
            var statement = RepairStatement(sql, destroys: destroys)
            // An index InnoDB made for a foreign key goes by itself once a new key serves that foreign key.
            statement.mayBeDoneAlready = step == .dropIndexes
            steps[step, default: []].append(statement)
        }
        // What each table gains, as `ADD …` clauses, in order: keys and indexes, then foreign keys.
        var keyClauses: [(table: String, clause: String)] = []
        var foreignKeyClauses: [(table: String, clause: String)] = []
        // MySQL takes an AUTO_INCREMENT column only as the first column of a key: it is added (or
        // changed) together with the primary key it leads, and left a plain column until the key comes.
        var keyedWithColumn: Set<String> = []
        func autoIncrementing(_ column: Column, table: String, keyMissing: Bool) -> (definition: String, key: String?) {
            var autoIncrement = column.isAutoIncrement
            if case .serial = column.type { autoIncrement = true }
            guard autoIncrement else { return (columnDefinition(column), nil) }
            let key = expected.table(named: table)?.primaryKey?.columns ?? []
            guard key.first?.uppercased() == column.name.uppercased() else {
                var plain = column
                plain.isAutoIncrement = false
                if case .serial = column.type { plain.type = .integer }
                return (columnDefinition(plain), nil)
            }
            guard keyMissing else { return (columnDefinition(column), nil) }
            keyedWithColumn.insert(table.uppercased())
            return (columnDefinition(column), "ADD PRIMARY KEY (\(columnList(key)))")
        }
        func keyMissing(_ table: String) -> Bool {
            actual.table(named: table)?.primaryKey == nil
        }
        for difference in differences {
            let tableName = difference.table ?? ""
            let table = Self.backtick(tableName)
            switch (difference.kind, difference.expected, difference.actual) {
            case (.missing, .table(let wanted)?, _):
                // Its indexes are in its CREATE TABLE; its foreign keys come once every missing table is there.
                add(.createTables, createTableSQL(wanted))
                foreignKeyClauses += wanted.foreignKeys.map { (wanted.name, "ADD " + foreignKeyClause($0)) }
            case (.extra, _, .table(let found)?):
                add(.dropTables, "DROP TABLE \(Self.backtick(found.name))", destroys: "drops table \(found.name) and every row in it")
            case (.missing, .column(let column)?, _):
                let (definition, key) = autoIncrementing(column, table: tableName, keyMissing: keyMissing(tableName))
                add(.addColumns, "ALTER TABLE \(table) ADD COLUMN \(definition)" + (key.map { ", " + $0 } ?? ""))
            case (.extra, _, .column(let column)?):
                add(
                    .dropColumns, "ALTER TABLE \(table) DROP COLUMN \(Self.backtick(column.name))",
                    destroys: "drops column \(tableName).\(column.name) and its data")
            case (.changed, .column(let wanted)?, _):
                // MODIFY restates the whole column: type, character set, nullability, default and extras.
                let (definition, key) = autoIncrementing(wanted, table: tableName, keyMissing: keyMissing(tableName))
                if key != nil, actual.table(named: tableName)?.column(named: wanted.name)?.isNullable == true {
                    // Rows the column was added to have no number yet: numbered first, as a sequence's default numbers
                    // them on PostgreSQL (MODIFY would make each NULL a 0, and the key would then refuse the zeros).
                    for fill in fillFromSequenceStatements(table: tableName, column: wanted.name, sequence: "") { add(.alterColumns, fill.sql) }
                }
                add(.alterColumns, "ALTER TABLE \(table) MODIFY COLUMN \(definition)" + (key.map { ", " + $0 } ?? ""))
            case (.missing, .primaryKey(let key)?, _):
                keyClauses.append((tableName, "ADD PRIMARY KEY (\(columnList(key.columns)))"))
            case (.extra, _, .primaryKey):
                add(.dropKeys, "ALTER TABLE \(table) DROP PRIMARY KEY")
            case (.changed, .primaryKey(let wanted)?, .primaryKey):
                // One clause, once the columns are in shape: an AUTO_INCREMENT column is never left without a key.
                keyClauses.append((tableName, "DROP PRIMARY KEY, ADD PRIMARY KEY (\(columnList(wanted.columns)))"))
            case (.missing, .uniqueConstraint(let key)?, _):
                keyClauses.append((tableName, addUniqueClause(key)))
            case (.extra, _, .uniqueConstraint(let key)?):
                add(.dropKeys, "ALTER TABLE \(table) DROP INDEX \(Self.backtick(key.name ?? ""))")
            case (.changed, .uniqueConstraint(let wanted)?, .uniqueConstraint(let found)?):
                add(.dropKeys, "ALTER TABLE \(table) DROP INDEX \(Self.backtick(found.name ?? ""))")
                keyClauses.append((tableName, addUniqueClause(wanted)))
            case (.missing, .foreignKey(let key)?, _):
                foreignKeyClauses.append((tableName, addForeignKeyClause(key, remaking: plainIndex(on: key.columns, of: tableName, in: actual))))
            case (.extra, _, .foreignKey(let key)?):
                add(.dropForeignKeys, "ALTER TABLE \(table) DROP FOREIGN KEY \(Self.backtick(key.name ?? ""))")
            case (.changed, .foreignKey(let wanted)?, .foreignKey(let found)?):
                add(.dropForeignKeys, "ALTER TABLE \(table) DROP FOREIGN KEY \(Self.backtick(found.name ?? ""))")
                foreignKeyClauses.append(
                    (tableName, addForeignKeyClause(wanted, remaking: plainIndex(on: wanted.columns, of: tableName, in: actual))))
            case (.missing, .index(let index)?, _):
                keyClauses.append((index.table, addIndexClause(index)))
            case (.extra, _, .index(let index)?):
                add(.dropIndexes, "DROP INDEX \(Self.backtick(index.name)) ON \(Self.backtick(index.table))")
            case (.changed, .index(let wanted)?, .index(let found)?):
                add(.dropIndexes, "DROP INDEX \(Self.backtick(found.name)) ON \(Self.backtick(found.table))")
                keyClauses.append((wanted.table, addIndexClause(wanted)))
            default:
                add(.alterColumns, "-- cannot repair automatically: \(difference.kind.rawValue) \(difference.object)")
            }
        }
        // A key added with its AUTO_INCREMENT column is not added again. Compared without case: with
        // `lower_case_table_names` the live table is `reg_log` where the catalog says `REG_LOG`.
        keyClauses.removeAll { $0.clause.hasPrefix("ADD PRIMARY KEY") && keyedWithColumn.contains($0.table.uppercased()) }
        steps[.addKeys] = Self.alterTables(keyClauses)
        steps[.addForeignKeys] = Self.alterTables(foreignKeyClauses)
        return RepairStep.allCases.flatMap { steps[$0] ?? [] }
    }

    /// The table's plain index on exactly `columns`, if it has one.
    func plainIndex(on columns: [String], of table: String, in schema: Schema) -> Index? {
        schema.table(named: table)?.indexes.first { index in
            !index.isUnique && index.prefixLengths.isEmpty && index.method == nil
                && index.keys.map({ key -> String in if case .column(let name) = key { name.uppercased() } else { "" } })
                    == columns.map { $0.uppercased() }
        }
    }

    /// One `ALTER TABLE` per table, its clauses in the order given, tables in the order first named.
    private static func alterTables(_ clauses: [(table: String, clause: String)]) -> [RepairStatement] {
        var order: [String] = []
        var byTable: [String: [String]] = [:]
        for (table, clause) in clauses {
            if byTable[table.uppercased()] == nil { order.append(table) }
            byTable[table.uppercased(), default: []].append(clause)
        }
        return order.map { RepairStatement("ALTER TABLE \(backtick($0)) " + byTable[$0.uppercased()]!.joined(separator: ", ")) }
    }

    private func addUniqueClause(_ key: UniqueConstraint) -> String {
        "ADD UNIQUE KEY \(key.name.map(Self.backtick).map { $0 + " " } ?? "")(\(columnList(key.columns)))"
    }

    private func addIndexClause(_ index: Index) -> String {
        "ADD \(index.isUnique ? "UNIQUE " : "")KEY \(Self.backtick(index.name)) (\(indexKeys(index)))\(index.method.map { " USING \($0)" } ?? "")"
    }
}
