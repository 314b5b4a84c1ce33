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
            for change in step.schemaChanges {
                guard var table = live.table(named: change.table) else { continue }
                // Named as WSO2 writes them, whatever case the engine keeps.
                table.name = change.table
                for index in table.columns.indices { table.columns[index].name = table.columns[index].name.uppercased() }
                if let key = table.primaryKey { table.primaryKey = PrimaryKey(name: key.name, columns: key.columns.map { $0.uppercased() }) }
                switch change {
                case .addUnique(_, let unique):
                    conflicts += try duplicates(of: unique.columns, in: table, rule: "UNIQUE", version: step.version, connection, dialect)
                case .addPrimaryKey(_, let key):
                    conflicts += try duplicates(of: key.columns, in: table, rule: "PRIMARY KEY", version: step.version, connection, dialect)
                    for column in key.columns { conflicts += try nulls(in: column, of: table, version: step.version, connection, dialect) }
                case .createIndex(let index) where index.isUnique:
                    let columns = index.keys.compactMap { key -> String? in
                        if case .column(let name) = key { return name }
                        return nil
                    }
                    if columns.count == index.keys.count {
                        conflicts += try duplicates(of: columns, in: table, rule: "UNIQUE INDEX", version: step.version, connection, dialect)
                    }
                case .alterColumn(_, let column) where !column.isNullable:
                    if let found = table.column(named: column.name), found.isNullable {
                        conflicts += try nulls(in: column.name, of: table, version: step.version, connection, dialect)
                    }
                default:
                    continue
                }
            }
        }
        return conflicts
    }

    /// Groups of rows with the same non-NULL values in `columns`.
    static func duplicates(
        of columns: [String], in table: Table, rule: String, version: String, _ connection: any DatabaseConnection,
        _ dialect: any SQLDialect
    ) throws -> [Conflict] {
        guard columns.allSatisfy({ table.column(named: $0) != nil }) else { return [] }
        let list = dialect.quoteList(columns)
        let present = columns.map { "\(dialect.quote($0)) IS NOT NULL" }.joined(separator: " AND ")
        let groups = try connection.query(
            "SELECT \(list), count(*) FROM \(dialect.quote(table.name)) WHERE \(present) GROUP BY \(list) HAVING count(*) > 1 ORDER BY \(list)"
        ).rows
        guard !groups.isEmpty else { return [] }
        let rows = groups.prefix(limit).map { row in
            "(\(columns.joined(separator: ", "))) = (\(row.dropLast().map(dialect.literal).joined(separator: ", "))) \(row.last?.integerValue ?? 0) times"
        }
        return [
            Conflict(
                table: table.name, rule: "\(rule) (\(columns.joined(separator: ", ")))", version: version, rows: Array(rows),
                count: groups.reduce(0) { $0 + Int($1.last?.integerValue ?? 0) }, truncated: groups.count > limit)
        ]
    }

    /// Rows with NULL in `column`, named by their primary key (or all their columns when there is none).
    static func nulls(
        in column: String, of table: Table, version: String, _ connection: any DatabaseConnection, _ dialect: any SQLDialect
    ) throws -> [Conflict] {
        guard table.column(named: column) != nil else { return [] }
        let key = table.primaryKey?.columns ?? table.columns.map(\.name)
        let from = "FROM \(dialect.quote(table.name)) WHERE \(dialect.quote(column)) IS NULL"
        let count = Int(try connection.query("SELECT count(*) \(from)").rows.first?.first?.integerValue ?? 0)
        guard count > 0 else { return [] }
        let rows = try connection.query("SELECT \(dialect.quoteList(key)) \(from) ORDER BY \(dialect.quoteList(key)) LIMIT \(limit)").rows
        return [
            Conflict(
                table: table.name, rule: "\(column) NOT NULL", version: version,
                rows: rows.map { row in "(\(key.joined(separator: ", "))) = (\(row.map(dialect.literal).joined(separator: ", ")))" },
                count: count, truncated: count > rows.count)
        ]
    }
}
