import SQLDriver
import WSO2Schema

/// Reads the tables of the connection's database into the model, from `information_schema`
/// (tables, columns, keys, foreign keys: one query each, whatever the number of tables) and, per
/// table, the one thing it does not hold: the index method a script asked for (`USING HASH`),
/// which only `SHOW CREATE TABLE` keeps.
///
/// What MySQL decides for itself is kept as it is, so that rendering the result gives the same
/// `SHOW CREATE TABLE`: the primary key is always named `PRIMARY` (the model's name is `nil`),
/// indexes MySQL created for foreign keys are ordinary indexes named after them, and keys come in
/// the order MySQL keeps them. A column's character set is recorded only where it differs from its
/// table's, and a table's only where it differs from the database's. wso2db's own tables (prefix
/// `wso2db_`) are left out.
struct MySQLInspector {
    let connection: MySQLConnection

    func schema() throws -> Schema {
        let databaseCollation = try connection.query(
            "SELECT DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = DATABASE()"
        ).rows.first?.first?.textValue
        var (tables, collations) = try tableList(databaseCollation: databaseCollation)
        var position: [String: Int] = [:]
        for (index, table) in tables.enumerated() { position[table.name] = index }
        try readColumns(into: &tables, position, tableCollations: collations)
        try readKeys(into: &tables, position)
        try readForeignKeys(into: &tables, position)
        return Schema(name: "", version: "", tables: tables)
    }

    /// Tables in creation order where InnoDB tells it (its table ids grow), else by name, and each
    /// table's collation.
    private func tableList(databaseCollation: String?) throws -> ([Table], [String: String]) {
        let byCreation = """
            SELECT t.TABLE_NAME, t.ENGINE, c.CHARACTER_SET_NAME, t.TABLE_COLLATION
              FROM information_schema.TABLES t
              LEFT JOIN information_schema.COLLATIONS c ON c.COLLATION_NAME = t.TABLE_COLLATION
              LEFT JOIN information_schema.INNODB_SYS_TABLES s ON s.NAME = CONCAT(t.TABLE_SCHEMA, '/', t.TABLE_NAME)
             WHERE t.TABLE_SCHEMA = DATABASE() AND t.TABLE_TYPE = 'BASE TABLE' AND LEFT(t.TABLE_NAME, \(MySQLDialect.bookkeepingPrefix.count)) <> '\(MySQLDialect.bookkeepingPrefix)'
             ORDER BY s.TABLE_ID, t.TABLE_NAME
            """
        let rows = try (try? connection.query(byCreation)) ?? connection.query(
            byCreation.replacingOccurrences(of: "INNODB_SYS_TABLES s ON s.NAME", with: "TABLES s ON s.TABLE_NAME")
                .replacingOccurrences(of: "ORDER BY s.TABLE_ID, t.TABLE_NAME", with: "ORDER BY t.TABLE_NAME"))
        var collations: [String: String] = [:]
        let tables = rows.rows.compactMap { row -> Table? in
            guard let name = row[0].textValue else { return nil }
            var table = Table(name: name)
            table.engine = row[1].textValue
            collations[name] = row[3].textValue
            if let charset = row[2].textValue, let collation = row[3].textValue, collation != databaseCollation {
                table.collation = Collation(charset, collation)
            }
            return table
        }
        return (tables, collations)
    }

    private func readColumns(into tables: inout [Table], _ position: [String: Int], tableCollations: [String: String]) throws {
        let rows = try connection.query(
            """
            SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA, CHARACTER_SET_NAME, COLLATION_NAME
              FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION
            """
        ).rows
        for row in rows {
            guard let table = row[0].textValue, let index = position[table], let name = row[1].textValue else { continue }
            let type = MySQLTypes.columnType(row[2].textValue ?? "")
            var column = Column(name: name, type: type, options: row[3].textValue == "NO" ? [.notNull] : [])
            column.defaultValue = row[4].textValue.flatMap { MySQLTypes.defaultValue($0, type: type) }
            let extra = (row[5].textValue ?? "").lowercased()
            column.isAutoIncrement = extra.contains("auto_increment")
            column.updatesToCurrentTimestamp = extra.contains("on update current_timestamp")
            if let charset = row[6].textValue, let collation = row[7].textValue, collation != tableCollations[table] {
                column.collation = Collation(charset, collation)
            }
            tables[index].columns.append(column)
        }
    }

    /// Primary key, unique keys and indexes, in the order MySQL keeps them (`SHOW CREATE TABLE`'s).
    private func readKeys(into tables: inout [Table], _ position: [String: Int]) throws {
        let rows = try connection.query(
            """
            SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME, SUB_PART
              FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX
            """
        ).rows
        var keys: [String: [(name: String, unique: Bool, columns: [String], prefixes: [String: Int])]] = [:]
        for row in rows {
            guard let table = row[0].textValue, let name = row[1].textValue, let column = row[3].textValue else { continue }
            var list = keys[table, default: []]
            if list.last?.name != name { list.append((name, row[2].integerValue == 0, [], [:])) }
            list[list.count - 1].columns.append(column)
            if let length = row[4].integerValue { list[list.count - 1].prefixes[column] = Int(length) }
            keys[table] = list
        }
        for (table, list) in keys {
            guard let index = position[table] else { continue }
            let declared = try MySQLCreateTable(try showCreateTable(table))
            let ordered = list.sorted { (declared.keyOrder[$0.name] ?? Int.max) < (declared.keyOrder[$1.name] ?? Int.max) }
            for key in ordered {
                if key.name == "PRIMARY" {
                    tables[index].primaryKey = PrimaryKey(name: nil, columns: key.columns)
                } else if key.unique && key.prefixes.isEmpty {
                    tables[index].uniqueConstraints.append(UniqueConstraint(name: key.name, columns: key.columns))
                } else {
                    var created = Index(key.name, on: table, key.columns.map(IndexKey.column), unique: key.unique)
                    created.prefixLengths = key.prefixes
                    created.method = declared.methods[key.name]
                    tables[index].indexes.append(created)
                }
            }
        }
    }

    private func showCreateTable(_ table: String) throws -> String {
        let row = try connection.query("SHOW CREATE TABLE " + MySQLDialect.backtick(table)).rows.first
        return row?.dropFirst().first?.textValue ?? ""
    }

    /// What a script that names no action gets is RESTRICT on MariaDB; a declared NO ACTION is kept apart
    /// (MariaDB prints it back), although InnoDB checks both at once.
    static func action(_ rule: String?) -> ReferentialAction {
        guard let rule else { return .restrict }
        return ReferentialAction(rawValue: rule) ?? .restrict
    }

    private func readForeignKeys(into tables: inout [Table], _ position: [String: Int]) throws {
        let rows = try connection.query(
            """
            SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME,
                   r.DELETE_RULE, r.UPDATE_RULE
              FROM information_schema.KEY_COLUMN_USAGE k
              LEFT JOIN information_schema.REFERENTIAL_CONSTRAINTS r
                ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.TABLE_NAME = k.TABLE_NAME AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME
             WHERE k.TABLE_SCHEMA = DATABASE() AND k.REFERENCED_TABLE_NAME IS NOT NULL
             ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION
            """
        ).rows
        // MariaDB shows REFERENTIAL_CONSTRAINTS only to a user with more than SELECT on the table: for
        // a read-only user the actions are read from SHOW CREATE TABLE instead.
        var declared: [String: (onDelete: ReferentialAction, onUpdate: ReferentialAction)] = [:]
        for table in Set(rows.filter { $0[5] == .null }.compactMap { $0[0].textValue }) {
            for line in try showCreateTable(table).split(separator: "\n") where line.contains(" FOREIGN KEY ") {
                guard let name = line.split(separator: "`").dropFirst().first else { continue }
                func rule(_ event: String) -> ReferentialAction {
                    guard let range = line.range(of: " ON \(event) ") else { return .restrict }
                    let rest = line[range.upperBound...]
                    return ReferentialAction.allCases.first { rest.hasPrefix($0.rawValue) } ?? .restrict
                }
                declared[table + "." + name] = (rule("DELETE"), rule("UPDATE"))
            }
        }
        for row in rows {
            guard let table = row[0].textValue, let index = position[table], let name = row[1].textValue,
                let column = row[2].textValue, let referenced = row[3].textValue, let referencedColumn = row[4].textValue
            else { continue }
            if let last = tables[index].foreignKeys.last, last.name == name {
                tables[index].foreignKeys[tables[index].foreignKeys.count - 1].columns.append(column)
                tables[index].foreignKeys[tables[index].foreignKeys.count - 1].referencedColumns.append(referencedColumn)
            } else {
                tables[index].foreignKeys.append(
                    ForeignKey(
                        [column], references: referenced, [referencedColumn],
                        onDelete: declared[table + "." + name]?.onDelete ?? Self.action(row[5].textValue),
                        onUpdate: declared[table + "." + name]?.onUpdate ?? Self.action(row[6].textValue), name: name))
            }
        }
    }
}
