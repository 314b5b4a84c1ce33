/// One table: its columns in declaration order, its keys and its indexes.
///
/// Constraint names are kept exactly as WSO2's script gives them; a `nil` name means the
/// script left the constraint unnamed, and the dialect decides what the engine calls it.
public struct Table: Sendable, Hashable {
    /// The table name as written in WSO2's script (upper case).
    public var name: String
    /// Columns in declaration order.
    public var columns: [Column]
    /// The primary key, if the table has one (some legacy tables have none).
    public var primaryKey: PrimaryKey?
    /// Unique constraints, in declaration order.
    public var uniqueConstraints: [UniqueConstraint]
    /// Foreign keys: those declared inside `CREATE TABLE` first, then those added by `ALTER TABLE`,
    /// each group in script order.
    public var foreignKeys: [ForeignKey]
    /// Secondary indexes created by `CREATE INDEX` on this table, in script order.
    public var indexes: [Index]
    /// The storage engine the script names (MySQL's `ENGINE=InnoDB`); others ignore it.
    public var engine: String?
    /// The table's default character set and collation where the script gives them (MySQL);
    /// `nil` takes the database's.
    public var collation: Collation?

    /// Creates a table value.
    public init(
        name: String, columns: [Column] = [], primaryKey: PrimaryKey? = nil,
        uniqueConstraints: [UniqueConstraint] = [], foreignKeys: [ForeignKey] = [], indexes: [Index] = []
    ) {
        self.name = name
        self.columns = columns
        self.primaryKey = primaryKey
        self.uniqueConstraints = uniqueConstraints
        self.foreignKeys = foreignKeys
        self.indexes = indexes
        self.engine = nil
        self.collation = nil
    }

    /// The column with this name, compared case-insensitively.
    public func column(named name: String) -> Column? {
        columns.first { $0.name.sameSQLName(as: name) }
    }

    /// Columns whose value, when an INSERT omits it, is drawn from a named sequence.
    public var sequenceBackedColumns: [(column: Column, sequence: String)] {
        columns.compactMap { column in
            if case .nextValue(let sequence) = column.defaultValue { return (column, sequence) }
            return nil
        }
    }

    /// Whether the column belongs to the primary key (and therefore can never be NULL).
    public func isPrimaryKeyColumn(_ name: String) -> Bool {
        primaryKey?.columns.contains { $0.sameSQLName(as: name) } ?? false
    }
}
