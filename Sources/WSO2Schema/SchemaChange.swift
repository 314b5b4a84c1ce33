/// One typed change to a schema's structure, as a migration step states it. Applied to a model value
/// it yields the next schema; the dialects turn the difference it makes into SQL.
public enum SchemaChange: Sendable, Hashable {
    case createSequence(DatabaseSequence)
    /// A new table with its keys, foreign keys and indexes.
    case createTable(Table)
    /// A column appended to a table.
    case addColumn(table: String, Column)
    /// A column's whole new definition: type, nullability, default.
    case alterColumn(table: String, Column)
    case addPrimaryKey(table: String, PrimaryKey)
    case addUnique(table: String, UniqueConstraint)
    /// Drops the unique constraint on exactly these columns.
    case dropUnique(table: String, columns: [String])
    case createIndex(Index)
    case dropIndex(table: String, name: String)

    /// The table the change is on.
    public var table: String {
        switch self {
        case .createSequence(let sequence): sequence.name
        case .createTable(let table): table.name
        case .addColumn(let table, _), .alterColumn(let table, _), .addPrimaryKey(let table, _), .addUnique(let table, _),
            .dropUnique(let table, _), .dropIndex(let table, _):
            table
        case .createIndex(let index): index.table
        }
    }
}

/// Data work that goes with schema changes: filling what a new rule needs before the rule is added.
public enum DataChange: Sendable, Hashable {
    /// Every NULL in the column gets a fresh random UUID (version 4, lower-case text).
    case fillWithUUIDs(table: String, column: String)
    /// Every NULL in the column gets the next value of the sequence, and the sequence moves past them.
    case fillFromSequence(table: String, column: String, sequence: String)
    /// A row the new version's script inserts; an existing row with the same key is left alone.
    case insert(SeedRow)
}

extension Schema {
    /// The schema after the changes, in order.
    public func applying(_ changes: [SchemaChange]) -> Schema {
        var result = self
        for change in changes { result.apply(change) }
        return result
    }

    private mutating func apply(_ change: SchemaChange) {
        func onTable(_ name: String, _ body: (inout Table) -> Void) {
            guard let position = tables.firstIndex(where: { $0.name.sameSQLName(as: name) }) else { return }
            body(&tables[position])
        }
        switch change {
        case .createSequence(let sequence):
            sequences.append(sequence)
        case .createTable(let table):
            tables.append(table)
        case .addColumn(let table, let column):
            onTable(table) { $0.columns.append(column) }
        case .alterColumn(let table, let column):
            onTable(table) { table in
                guard let position = table.columns.firstIndex(where: { $0.name.sameSQLName(as: column.name) }) else { return }
                table.columns[position] = column
            }
        case .addPrimaryKey(let table, let key):
            onTable(table) { $0.primaryKey = key }
        case .addUnique(let table, let unique):
            onTable(table) { $0.uniqueConstraints.append(unique) }
        case .dropUnique(let table, let columns):
            onTable(table) { table in
                table.uniqueConstraints.removeAll { $0.columns.map { $0.uppercased() } == columns.map { $0.uppercased() } }
            }
        case .createIndex(let index):
            onTable(index.table) { $0.indexes.append(index) }
        case .dropIndex(let table, let name):
            onTable(table) { $0.indexes.removeAll { $0.name.sameSQLName(as: name) } }
        }
    }
}
