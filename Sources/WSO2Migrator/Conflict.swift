import Migrations
import SQLDriver
import WSO2Schema

/// Rows a new rule of a migration step would reject: duplicates under a new UNIQUE or PRIMARY KEY,
/// NULLs under a new NOT NULL. Found before the first change, so that a run that would fail part-way
/// never starts.
public struct Conflict: Sendable, CustomStringConvertible {
    /// The table.
    public var table: String
    /// The rule, as the step states it: `UNIQUE (UM_ROLE_NAME, UM_TENANT_ID)`, `UM_DOMAIN_NAME NOT NULL`.
    public var rule: String
    /// The version whose rule it is.
    public var version: String
    /// The offending rows, each by its key (at most `limit` of them).
    public var rows: [String]
    /// How many rows offend in all.
    public var count: Int
    /// Whether more offending keys exist than `rows` lists.
    public var truncated: Bool

    /// Rows listed per rule; the count says how many there are.
    static let limit = 20

    public var description: String {
        "\(table): \(count) \(count == 1 ? "row breaks" : "rows break") \(rule) of \(version): "
            + rows.joined(separator: "; ") + (truncated ? "; …" : "")
    }

    /// Every conflict with the rules the steps add to columns the database already has.
    static func find(for steps: [MigrationStep], live: Schema, on connection: any DatabaseConnection) throws -> [Conflict] {
        let dialect = connection.dialect
        var conflicts: [Conflict] = []
        for step in steps {
            let filled = step.filledColumns
            for change in step.schemaChanges {
                guard var table = live.table(named: change.table) else { continue }
                // Named as WSO2 writes them, whatever case the engine keeps.
                table.name = change.table
                for index in table.columns.indices { table.columns[index].name = table.columns[index].name.uppercased() }
                if let key = table.primaryKey { table.primaryKey = PrimaryKey(name: key.name, columns: key.columns.map { $0.uppercased() }) }
                switch change {
                case .addUnique(_, let unique):
                    conflicts += try duplicates(of: unique.columns, in: table, rule: "UNIQUE", version: step.version, connection, dialect) ?? []
                case .addPrimaryKey(_, let key):
                    conflicts += try duplicates(of: key.columns, in: table, rule: "PRIMARY KEY", version: step.version, connection, dialect) ?? []
                    for column in key.columns { conflicts += try nulls(in: column, of: table, version: step.version, connection, dialect) }
                case .createIndex(let index) where index.isUnique:
                    let columns = index.keys.compactMap { key -> String? in
                        if case .column(let name) = key { return name }
                        return nil
                    }
                    if columns.count == index.keys.count {
                        conflicts += try duplicates(of: columns, in: table, rule: "UNIQUE INDEX", version: step.version, connection, dialect) ?? []
                    }
                case .alterColumn(let name, let column):
                    if !column.isNullable, let found = table.column(named: column.name), found.isNullable,
                        !filled.contains("\(name.uppercased()).\(column.name.uppercased())")
                    {
                        conflicts += try nulls(in: column.name, of: table, version: step.version, connection, dialect)
                    }
                    if case .varchar(let length) = column.type, let found = table.column(named: column.name) {
                        conflicts += try longer(than: length, in: found, of: table, version: step.version, connection, dialect)
                    }
                case .addForeignKey(_, let key):
                    if let parent = live.table(named: key.referencedTable) {
                        conflicts += try orphans(of: key, in: table, parent: parent.name, version: step.version, connection, dialect)
                    }
                default:
                    continue
                }
            }
        }
        return conflicts
    }

    /// Rows whose text in `column` is longer than a narrower type allows: the change would refuse them (never cut them).
    static func longer(
        than length: Int, in column: Column, of table: Table, version: String, _ connection: any DatabaseConnection, _ dialect: any SQLDialect
    ) throws -> [Conflict] {
        switch column.type {
        case .varchar(let current) where current <= length: return []
        case .char(let current) where current <= length: return []
        case .varchar, .char, .text: break
        default: return []
        }
        return try rows(
            where: "length(\(dialect.quote(column.name))) > \(length)", in: table, namedBy: table.primaryKey?.columns ?? [column.name],
            rule: "\(column.name.uppercased()) VARCHAR(\(length))", version: version, connection, dialect)
    }

    /// Rows whose values in a new foreign key's columns (all present) match no row of the referenced table.
    static func orphans(
        of key: ForeignKey, in table: Table, parent: String, version: String, _ connection: any DatabaseConnection, _ dialect: any SQLDialect
    ) throws -> [Conflict] {
        guard key.columns.allSatisfy({ table.column(named: $0) != nil }) else { return [] }
        var key = key
        key.referencedTable = parent
        let from = "FROM \(dialect.quote(table.name)) c WHERE \(dialect.orphanCondition(key))"
        let count = Int(try connection.query("SELECT count(*) \(from)").rows.first?.first?.integerValue ?? 0)
        guard count > 0 else { return [] }
        let columns = key.columns.map { "c.\(dialect.quote($0))" }.joined(separator: ", ")
        let rows = try connection.query("SELECT DISTINCT \(columns) \(from) ORDER BY \(columns) LIMIT \(limit)").rows
        let rule = "FOREIGN KEY (\(key.columns.joined(separator: ", "))) → \(key.referencedTable.uppercased()) (\(key.referencedColumns.joined(separator: ", ")))"
        return [
            Conflict(
                table: table.name, rule: rule, version: version,
                rows: rows.map { row in "(\(key.columns.joined(separator: ", "))) = (\(row.map(dialect.literal).joined(separator: ", "))) has no match" },
                count: count, truncated: count > rows.count)
        ]
    }

    /// Groups of rows with the same non-NULL values in `columns`; `nil` when the source's engine cannot
    /// compare text as `comparing` asks (`SQLDialect.compared`): the target groups them then
    /// (`duplicatesOnTarget`).
    /// - Parameter comparing: how the key compares each text column (by name), where that is not as
    ///   the source compares it (a merge into another engine, or another collation).
    static func duplicates(
        of columns: [String], in table: Table, rule: String, version: String, _ connection: any DatabaseConnection,
        _ dialect: any SQLDialect, comparing: (String) -> KeyComparison = { _ in .asStored }
    ) throws -> [Conflict]? {
        guard columns.allSatisfy({ table.column(named: $0) != nil }) else { return [] }
        var expressions: [String] = []
        for name in columns {
            switch table.column(named: name)?.type {
            case .varchar?, .char?, .text?:
                guard let expression = dialect.compared(dialect.quote(name), by: comparing(name)) else { return nil }
                expressions.append(expression)
            default: expressions.append(dialect.quote(name))
            }
        }
        let present = columns.map { "\(dialect.quote($0)) IS NOT NULL" }.joined(separator: " AND ")
        return try grouped(
            columns, by: expressions, from: "\(dialect.quote(table.name)) WHERE \(present)", on: connection, table: table.name, rule: rule,
            version: version)
    }

    /// The groups of more than one row of `from` under `expressions` (one per column of `columns`), as
    /// conflicts, each group shown by `shown` (by default: a column grouped by another comparison than its
    /// own by one of its values).
    static func grouped(
        _ columns: [String], by expressions: [String], shown: [String]? = nil, from: String, on connection: any DatabaseConnection,
        table: String, rule: String, version: String
    ) throws -> [Conflict] {
        let dialect = connection.dialect
        let grouped = expressions.joined(separator: ", ")
        let shown = (shown ?? zip(columns, expressions).map { name, expression in
            expression == dialect.quote(name) ? expression : "min(\(dialect.quote(name)))"
        }).joined(separator: ", ")
        let order = columns.indices.map { String($0 + 1) }.joined(separator: ", ")
        let groups = try connection.query(
            "SELECT \(shown), count(*) FROM \(from) GROUP BY \(grouped) HAVING count(*) > 1 ORDER BY \(order)"
        ).rows
        guard !groups.isEmpty else { return [] }
        let rows = groups.prefix(limit).map { row in
            "(\(columns.joined(separator: ", "))) = (\(row.dropLast().map(dialect.literal).joined(separator: ", "))) \(row.last?.integerValue ?? 0) times"
        }
        return [
            Conflict(
                table: table, rule: "\(rule) (\(columns.joined(separator: ", ")))", version: version, rows: Array(rows),
                count: groups.reduce(0) { $0 + Int($1.last?.integerValue ?? 0) }, truncated: groups.count > limit)
        ]
    }

    /// Rows with NULL in `column`, named by their primary key (or all their columns when there is none).
    static func nulls(
        in column: String, of table: Table, version: String, _ connection: any DatabaseConnection, _ dialect: any SQLDialect
    ) throws -> [Conflict] {
        guard table.column(named: column) != nil else { return [] }
        return try rows(
            where: "\(dialect.quote(column)) IS NULL", in: table, namedBy: table.primaryKey?.columns ?? table.columns.map(\.name),
            rule: "\(column) NOT NULL", version: version, connection, dialect)
    }

    /// The rows of `table` that match `condition`, counted and named by the values of `key` (the first `limit` of them).
    private static func rows(
        where condition: String, in table: Table, namedBy key: [String], rule: String, version: String, _ connection: any DatabaseConnection,
        _ dialect: any SQLDialect
    ) throws -> [Conflict] {
        let from = "FROM \(dialect.quote(table.name)) WHERE \(condition)"
        let count = Int(try connection.query("SELECT count(*) \(from)").rows.first?.first?.integerValue ?? 0)
        guard count > 0 else { return [] }
        let rows = try connection.query("SELECT \(dialect.quoteList(key)) \(from) ORDER BY \(dialect.quoteList(key)) LIMIT \(limit)").rows
        return [
            Conflict(
                table: table.name, rule: rule, version: version,
                rows: rows.map { row in "(\(key.joined(separator: ", "))) = (\(row.map(dialect.literal).joined(separator: ", ")))" },
                count: count, truncated: count > rows.count)
        ]
    }
}
