import SQLDriver
import WSO2Schema

/// MySQL's and MariaDB's SQL: the DDL that yields, table for table, the `SHOW CREATE TABLE` of
/// what WSO2's `dbscripts/mysql.sql` yields. Names keep their case (WSO2's MySQL scripts write
/// them upper case, and on Linux MySQL table names are case-sensitive) and are quoted with
/// backticks.
///
/// Each table is created by one `CREATE TABLE` holding its columns, primary key, unique keys,
/// other indexes (in the order MySQL keeps them) and the foreign keys to tables created before it
/// or to itself; a foreign key to a table created later follows by `ALTER TABLE` once every table
/// is there. One statement per table is what makes `create` as fast as WSO2's script: on MySQL
/// every DDL statement is a commit and a rewrite of the table's definition. An index MySQL made
/// for a foreign key is declared before the key, under the key's name, so that MySQL makes none
/// of its own.
public struct MySQLDialect: Sendable {
    /// Creates the dialect.
    public init() {}

    /// The engine's name, for messages.
    public var engineName: String { "MySQL" }
    /// MySQL commits DDL implicitly: a failed `create` can leave part of a schema behind.
    public var supportsTransactionalDDL: Bool { false }
    public var writesTablesAtOnce: Bool { true }

    /// A name quoted with backticks, a backtick in it doubled.
    public static func backtick(_ name: String) -> String {
        "`" + name.replacingAll("`", with: "``") + "`"
    }

    /// A string literal: quotes doubled, and backslashes too (MySQL reads `\` as an escape).
    public func stringLiteral(_ text: String) -> String {
        "'" + text.replacingAll("\\", with: "\\\\").replacingAll("'", with: "''") + "'"
    }

    /// Everything that creates the tables of `schema`, in execution order.
    public func createStatements(for schema: Schema) -> [DDLStatement] {
        var statements: [DDLStatement] = []
        var created: Set<String> = []
        var later: [(table: String, foreignKey: ForeignKey)] = []
        for table in schema.tables {
            created.insert(table.name)
            // WSO2's scripts run with foreign key checks on, so their keys mostly point backwards.
            let inline = table.foreignKeys.filter { created.contains($0.referencedTable) }
            later += table.foreignKeys.filter { !created.contains($0.referencedTable) }.map { (table.name, $0) }
            statements.append(DDLStatement(.tables, "table \(table.name)", createTableSQL(table, foreignKeys: inline)))
        }
        if !later.isEmpty {
            // With checks off, InnoDB adds a foreign key in place instead of copying the table: faster,
            // and the table keeps its place in creation order. Run on the tables just created, which
            // are empty, it lets no bad row in.
            statements.append(DDLStatement(.foreignKeys, "foreign key checks", "SET FOREIGN_KEY_CHECKS = 0"))
            for (table, foreignKey) in later {
                statements.append(DDLStatement(.foreignKeys, "foreign key \(foreignKey.name ?? table)", addForeignKeySQL(foreignKey, on: table)))
            }
            statements.append(DDLStatement(.foreignKeys, "foreign key checks", "SET FOREIGN_KEY_CHECKS = 1"))
        }
        return statements + schema.seeds.map(seedStatement)
    }

    /// The schema as a script a `mysql` client can run.
    public func script(for schema: Schema) -> String {
        createStatements(for: schema).map { $0.script + ";\n" }.joined()
    }

    /// A column inside `CREATE TABLE`, in the order MySQL prints its parts.
    public func columnDefinition(_ column: Column) -> String {
        var line = "\(Self.backtick(column.name)) \(MySQLTypes.typeSQL(column.type))"
        if let collation = column.collation { line += " CHARACTER SET \(collation.characterSet) COLLATE \(collation.name)" }
        if !column.isNullable { line += " NOT NULL" }
        // A `serial` column (wso2db's own tables; WSO2's MySQL tables say AUTO_INCREMENT) numbers itself too.
        var autoIncrement = column.isAutoIncrement
        if case .serial = column.type { autoIncrement = true }
        if let value = column.defaultValue, value != .null, !autoIncrement {
            if case .nextValue = value {} else { line += " DEFAULT " + MySQLTypes.defaultSQL(value, literal: stringLiteral) }
        }
        if column.updatesToCurrentTimestamp { line += " ON UPDATE CURRENT_TIMESTAMP" }
        if autoIncrement { line += " AUTO_INCREMENT" }
        return line
    }

    /// `CREATE TABLE` with the table's keys, its indexes and `foreignKeys` (which must point to
    /// tables that exist by then).
    func createTableSQL(_ table: Table, foreignKeys: [ForeignKey] = []) -> String {
        var lines = table.columns.map(columnDefinition)
        if let key = table.primaryKey {
            lines.append("PRIMARY KEY (\(columnList(key.columns)))")
        }
        for unique in table.uniqueConstraints {
            lines.append("UNIQUE KEY \(unique.name.map(Self.backtick).map { $0 + " " } ?? "")(\(columnList(unique.columns)))")
        }
        for index in table.indexes {
            lines.append("\(index.isUnique ? "UNIQUE " : "")KEY \(Self.backtick(index.name)) (\(indexKeys(index)))\(index.method.map { " USING \($0)" } ?? "")")
        }
        lines += foreignKeys.map(foreignKeyClause)
        var options = " ENGINE=\(table.engine ?? "InnoDB")"
        if let collation = table.collation { options += " DEFAULT CHARSET=\(collation.characterSet) COLLATE=\(collation.name)" }
        return "CREATE TABLE \(Self.backtick(table.name)) (\n  " + lines.joined(separator: ",\n  ") + "\n)" + options
    }

    /// `CREATE [UNIQUE] INDEX name ON table (keys) [USING method]`, prefixes included.
    public func createIndexStatement(_ index: Index) -> DDLStatement {
        let method = index.method.map { " USING \($0)" } ?? ""
        return DDLStatement(
            .indexes, "index \(index.name)",
            "CREATE \(index.isUnique ? "UNIQUE " : "")INDEX \(Self.backtick(index.name)) ON \(Self.backtick(index.table)) (\(indexKeys(index)))\(method)")
    }

    /// An index's key parts, prefix lengths included.
    func indexKeys(_ index: Index) -> String {
        index.keys.map { key -> String in
            switch key {
            case .column(let name): Self.backtick(name) + (index.prefixLengths[name].map { "(\($0))" } ?? "")
            case .function(let function, let column): "(\(function.rawValue)(\(Self.backtick(column))))"
            case .expression(let text): "(\(text))"
            }
        }.joined(separator: ",")
    }

    /// - Parameter remaking: an index of the table on exactly the key's columns, which InnoDB may have made by itself
    ///   for an unnamed foreign key of WSO2's script: it is dropped and made again in the same statement, for
    ///   MariaDB replaces such an index with one of the constraint's name when a named foreign key is added.
    func addForeignKeySQL(_ foreignKey: ForeignKey, on table: String, remaking index: Index? = nil) -> String {
        "ALTER TABLE \(Self.backtick(table)) " + addForeignKeyClause(foreignKey, remaking: index)
    }

    /// `ADD CONSTRAINT … FOREIGN KEY …` for `ALTER TABLE`, after the clauses that remake `index` (see `addForeignKeySQL`).
    func addForeignKeyClause(_ foreignKey: ForeignKey, remaking index: Index? = nil) -> String {
        var sql = ""
        if let index, foreignKey.name != nil {
            sql = "DROP INDEX \(Self.backtick(index.name)), ADD INDEX \(Self.backtick(index.name)) (" + columnList(foreignKey.columns) + "), "
        }
        return sql + "ADD " + foreignKeyClause(foreignKey)
    }

    /// `CONSTRAINT name FOREIGN KEY (…) REFERENCES …`, as `CREATE TABLE` and `ALTER TABLE … ADD` take it.
    func foreignKeyClause(_ foreignKey: ForeignKey) -> String {
        var sql = foreignKey.name.map { "CONSTRAINT \(Self.backtick($0)) " } ?? ""
        sql += "FOREIGN KEY (\(columnList(foreignKey.columns))) REFERENCES \(Self.backtick(foreignKey.referencedTable)) "
            + "(\(columnList(foreignKey.referencedColumns)))"
        sql += actionClause("DELETE", foreignKey.onDelete) + actionClause("UPDATE", foreignKey.onUpdate)
        return sql
    }

    /// InnoDB's default action, RESTRICT, is left unsaid, as WSO2's scripts mostly leave it (MariaDB does not
    /// print it back either); NO ACTION behaves the same in InnoDB but MariaDB keeps and prints it when a script
    /// says it (two of WSO2's AM scripts do), so it is said.
    private func actionClause(_ event: String, _ action: ReferentialAction) -> String {
        action == .restrict ? "" : " ON \(event) \(action.rawValue)"
    }

    func columnList(_ names: [String]) -> String {
        names.map(Self.backtick).joined(separator: ",")
    }
}
