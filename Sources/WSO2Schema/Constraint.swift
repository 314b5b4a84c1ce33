/// A primary key. `name` is `nil` when WSO2's script leaves it unnamed.
public struct PrimaryKey: Sendable, Hashable {
    /// The constraint name as WSO2 writes it, or `nil`.
    public var name: String?
    /// Key columns, in key order.
    public var columns: [String]

    /// `PRIMARY KEY (a, b)`, or `CONSTRAINT name PRIMARY KEY (a, b)` when `name` is given.
    public init(_ columns: String..., name: String? = nil) {
        self.name = name
        self.columns = columns
    }

    /// Creates a primary key from a column list.
    public init(name: String?, columns: [String]) {
        self.name = name
        self.columns = columns
    }
}

/// A unique constraint (as opposed to a unique index created by `CREATE UNIQUE INDEX`).
public struct UniqueConstraint: Sendable, Hashable {
    /// The constraint name as WSO2 writes it, or `nil`.
    public var name: String?
    /// Constrained columns, in order.
    public var columns: [String]

    /// `UNIQUE (a, b)`, or `CONSTRAINT name UNIQUE (a, b)` when `name` is given.
    public init(_ columns: String..., name: String? = nil) {
        self.name = name
        self.columns = columns
    }

    /// Creates a unique constraint from a column list.
    public init(name: String?, columns: [String]) {
        self.name = name
        self.columns = columns
    }
}

/// What a foreign key does when the referenced row is deleted or its key updated.
public enum ReferentialAction: String, Sendable, Hashable, CaseIterable {
    case noAction = "NO ACTION"
    case restrict = "RESTRICT"
    case cascade = "CASCADE"
    case setNull = "SET NULL"
    case setDefault = "SET DEFAULT"
}

/// A foreign key from columns of one table to columns of another (or the same) table.
public struct ForeignKey: Sendable, Hashable {
    /// The constraint name as WSO2 writes it, or `nil`.
    public var name: String?
    /// Referencing columns, in order.
    public var columns: [String]
    /// The referenced table.
    public var referencedTable: String
    /// Referenced columns, matching `columns` one for one.
    public var referencedColumns: [String]
    /// `ON DELETE` action.
    public var onDelete: ReferentialAction
    /// `ON UPDATE` action.
    public var onUpdate: ReferentialAction

    /// `FOREIGN KEY (columns) REFERENCES table (referencedColumns) [ON DELETE …] [ON UPDATE …]`.
    public init(
        _ columns: [String], references referencedTable: String, _ referencedColumns: [String],
        onDelete: ReferentialAction = .noAction, onUpdate: ReferentialAction = .noAction, name: String? = nil
    ) {
        self.name = name
        self.columns = columns
        self.referencedTable = referencedTable
        self.referencedColumns = referencedColumns
        self.onDelete = onDelete
        self.onUpdate = onUpdate
    }
}
