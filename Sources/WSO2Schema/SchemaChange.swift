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
    /// A table renamed, with everything on it and every foreign key that points at it.
    case renameTable(from: String, to: String)
    /// A column renamed, in the table's keys, indexes and the foreign keys that name it too.
    case renameColumn(table: String, from: String, to: String)
    /// An index renamed; what it indexes stays.
    case renameIndex(table: String, from: String, to: String)
    /// A table dropped with every row in it: destructive, shown as such and run only with the
    /// user's consent where the table holds rows.
    case dropTable(String)
    /// A column dropped with its values: destructive, as `dropTable`.
    case dropColumn(table: String, column: String)
    /// A sequence dropped (its position is lost; the rows it numbered stay).
    case dropSequence(String)
    /// A foreign key added to an existing table.
    case addForeignKey(table: String, ForeignKey)
    /// Drops the foreign key with this name, or, when `name` is `nil`, the one on exactly these columns.
    case dropForeignKey(table: String, name: String?, columns: [String])
    /// Drops the table's primary key (the rows stay).
    case dropPrimaryKey(table: String)
    /// A stored function, as the triggers that run it need it.
    case createFunction(Function)
    /// A stored function dropped.
    case dropFunction(String)
    /// A row trigger on an existing table.
    case createTrigger(Trigger)
    /// A trigger dropped.
    case dropTrigger(table: String, name: String)

    /// The table the change is on (for a sequence, the sequence).
    public var table: String {
        switch self {
        case .createSequence(let sequence): sequence.name
        case .createTable(let table): table.name
        case .addColumn(let table, _), .alterColumn(let table, _), .addPrimaryKey(let table, _), .addUnique(let table, _),
            .dropUnique(let table, _), .dropIndex(let table, _), .renameColumn(let table, _, _), .renameIndex(let table, _, _),
            .dropColumn(let table, _), .addForeignKey(let table, _), .dropForeignKey(let table, _, _), .dropPrimaryKey(let table),
            .dropTrigger(let table, _):
            table
        case .createTrigger(let trigger): trigger.table
        case .createFunction(let function): function.name
        case .dropFunction(let function): function
        case .renameTable(let from, _): from
        case .dropTable(let table): table
        case .dropSequence(let sequence): sequence
        case .createIndex(let index): index.table
        }
    }

    /// What running the change loses, for a change that drops data; `nil` for every other change.
    public var destroys: String? {
        switch self {
        case .dropTable(let table): "drops table \(table) and every row in it"
        case .dropColumn(let table, let column): "drops column \(table).\(column) and its data"
        default: nil
        }
    }

    /// Whether the change is a rename, which the dialect spells directly rather than as the
    /// difference it makes (a difference would read as a drop and a create).
    public var isRename: Bool {
        switch self {
        case .renameTable, .renameColumn, .renameIndex: true
        default: false
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
    /// Every NULL in the column gets this value.
    case fill(table: String, column: String, value: SeedValue)
    /// Every NULL in the column gets the value of another column of the same row.
    case copy(table: String, column: String, from: String)
    /// Every row gets a fresh random UUID in the column, replacing what it held (ids that become UUIDs).
    case replaceWithUUIDs(table: String, column: String)

    /// The column the change gives values to (`TABLE.COLUMN`, upper case), if it fills one.
    public var filledColumn: String? {
        switch self {
        case .fillWithUUIDs(let table, let column), .fillFromSequence(let table, let column, _), .fill(let table, let column, _),
            .copy(let table, let column, _), .replaceWithUUIDs(let table, let column):
            "\(table.uppercased()).\(column.uppercased())"
        case .insert: nil
        }
    }
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
        case .renameTable(let old, let new):
            renameTable(old, to: new)
        case .renameColumn(let table, let old, let new):
            renameColumn(old, to: new, in: table)
        case .renameIndex(let table, let old, let new):
            onTable(table) { table in
                for position in table.indexes.indices where table.indexes[position].name.sameSQLName(as: old) {
                    table.indexes[position].name = new
                }
            }
        case .dropTable(let table):
            tables.removeAll { $0.name.sameSQLName(as: table) }
            triggers.removeAll { $0.table.sameSQLName(as: table) }
            seeds.removeAll { $0.table.sameSQLName(as: table) }
        case .dropColumn(let table, let column):
            onTable(table) { $0.columns.removeAll { $0.name.sameSQLName(as: column) } }
        case .dropSequence(let sequence):
            sequences.removeAll { $0.name.sameSQLName(as: sequence) }
        case .addForeignKey(let table, let key):
            onTable(table) { $0.foreignKeys.append(key) }
        case .dropForeignKey(let table, let name, let columns):
            onTable(table) { table in
                table.foreignKeys.removeAll { key in
                    if let name { return key.name?.sameSQLName(as: name) == true }
                    return key.columns.map { $0.uppercased() } == columns.map { $0.uppercased() }
                }
            }
        case .dropPrimaryKey(let table):
            onTable(table) { $0.primaryKey = nil }
        case .createFunction(let function):
            functions.append(function)
        case .dropFunction(let name):
            functions.removeAll { $0.name.sameSQLName(as: name) }
        case .createTrigger(let trigger):
            triggers.append(trigger)
        case .dropTrigger(let table, let name):
            triggers.removeAll { $0.table.sameSQLName(as: table) && $0.name.sameSQLName(as: name) }
        }
    }

    private mutating func renameTable(_ old: String, to new: String) {
        for position in tables.indices {
            if tables[position].name.sameSQLName(as: old) {
                tables[position].name = new
                for index in tables[position].indexes.indices { tables[position].indexes[index].table = new }
            }
            for key in tables[position].foreignKeys.indices where tables[position].foreignKeys[key].referencedTable.sameSQLName(as: old) {
                tables[position].foreignKeys[key].referencedTable = new
            }
        }
        for position in triggers.indices where triggers[position].table.sameSQLName(as: old) { triggers[position].table = new }
        for position in seeds.indices where seeds[position].table.sameSQLName(as: old) { seeds[position].table = new }
    }

    private mutating func renameColumn(_ old: String, to new: String, in tableName: String) {
        let renamed = { (names: [String]) in names.map { $0.sameSQLName(as: old) ? new : $0 } }
        for position in tables.indices {
            if tables[position].name.sameSQLName(as: tableName) {
                var table = tables[position]
                for column in table.columns.indices where table.columns[column].name.sameSQLName(as: old) { table.columns[column].name = new }
                if let key = table.primaryKey { table.primaryKey = PrimaryKey(name: key.name, columns: renamed(key.columns)) }
                for unique in table.uniqueConstraints.indices { table.uniqueConstraints[unique].columns = renamed(table.uniqueConstraints[unique].columns) }
                for key in table.foreignKeys.indices { table.foreignKeys[key].columns = renamed(table.foreignKeys[key].columns) }
                for index in table.indexes.indices {
                    table.indexes[index].keys = table.indexes[index].keys.map { key in
                        switch key {
                        case .column(let name) where name.sameSQLName(as: old): .column(new)
                        case .function(let function, let name) where name.sameSQLName(as: old): .function(function, column: new)
                        default: key
                        }
                    }
                }
                tables[position] = table
            }
            for key in tables[position].foreignKeys.indices where tables[position].foreignKeys[key].referencedTable.sameSQLName(as: tableName) {
                tables[position].foreignKeys[key].referencedColumns = renamed(tables[position].foreignKeys[key].referencedColumns)
            }
        }
        for position in seeds.indices where seeds[position].table.sameSQLName(as: tableName) { seeds[position].columns = renamed(seeds[position].columns) }
    }
}
