/// A column: name, type, nullability and default, as declared in WSO2's script.
public struct Column: Sendable, Hashable {
    /// The column name as written in WSO2's script.
    public var name: String
    /// The declared type.
    public var type: ColumnType
    /// `false` when the script declares `NOT NULL`. Primary-key columns are NOT NULL on every
    /// engine whatever this says; see `Table.isPrimaryKeyColumn(_:)`.
    public var isNullable: Bool
    /// The declared default, if any.
    public var defaultValue: DefaultValue?
    /// The column's own character set and collation where the script gives them (MySQL's
    /// `CHARACTER SET latin1 COLLATE latin1_general_cs`); `nil` takes the table's. Engines without
    /// per-column character sets ignore it.
    public var collation: Collation?
    /// Whether the engine numbers the column itself (MySQL's `AUTO_INCREMENT`); PostgreSQL and
    /// SQLite express this with `.serial` or a sequence default instead.
    public var isAutoIncrement: Bool
    /// Whether an `UPDATE` sets the column to the current time (MySQL's `ON UPDATE CURRENT_TIMESTAMP`).
    public var updatesToCurrentTimestamp: Bool

    /// Creates a column from its declaration, for example
    /// `Column("UM_STATUS", .varchar(255), .default("ACTIVE"), .notNull)`.
    public init(_ name: String, _ type: ColumnType, _ options: ColumnOption...) {
        self.init(name: name, type: type, options: options)
    }

    /// Creates a column from a list of options.
    public init(name: String, type: ColumnType, options: [ColumnOption]) {
        self.name = name
        self.type = type
        self.isNullable = true
        self.defaultValue = nil
        self.collation = nil
        self.isAutoIncrement = false
        self.updatesToCurrentTimestamp = false
        for option in options {
            switch option {
            case .notNull: isNullable = false
            case .default(let value): defaultValue = value
            case .collation(let value): collation = value
            case .autoIncrement: isAutoIncrement = true
            case .onUpdateCurrentTimestamp: updatesToCurrentTimestamp = true
            }
        }
    }
}

/// What may follow a column's type in its declaration.
public enum ColumnOption: Sendable, Hashable {
    /// `NOT NULL`.
    case notNull
    /// `DEFAULT …`.
    case `default`(DefaultValue)
    /// `CHARACTER SET … COLLATE …` (MySQL).
    case collation(Collation)
    /// `AUTO_INCREMENT` (MySQL).
    case autoIncrement
    /// `ON UPDATE CURRENT_TIMESTAMP` (MySQL).
    case onUpdateCurrentTimestamp
}

/// A character set and one of its collations, as MySQL names them (`latin1`, `latin1_general_cs`).
public struct Collation: Sendable, Hashable {
    /// The character set, for example `utf8mb4`.
    public var characterSet: String
    /// The collation, for example `utf8mb4_general_ci`.
    public var name: String

    /// `CHARACTER SET characterSet COLLATE name`.
    public init(_ characterSet: String, _ name: String) {
        self.characterSet = characterSet
        self.name = name
    }
}

/// A column type, in dialect-neutral terms. Each dialect maps it to its own spelling.
public enum ColumnType: Sendable, Hashable {
    /// 16-bit integer (`SMALLINT`).
    case smallint
    /// 32-bit integer (`INTEGER`, `INT`, `int4`).
    case integer
    /// 64-bit integer (`BIGINT`, `int8`).
    case bigint
    /// Auto-numbered 32-bit integer (`SERIAL`): an integer column with its own owned sequence.
    case serial
    /// Variable-length text with a maximum length (`VARCHAR(n)`).
    case varchar(Int)
    /// Fixed-length text (`CHAR(n)`).
    case char(Int)
    /// Text without a length limit (`TEXT`).
    case text
    /// `BOOLEAN`.
    case boolean
    /// Timestamp without time zone; `precision` is the fractional-second digits when the script
    /// gives them (`TIMESTAMP(0)`).
    case timestamp(precision: Int? = nil)
    /// Binary data (`BYTEA` on PostgreSQL, `BLOB` on SQLite).
    case binary
    /// Exact numeric with precision and scale (`DECIMAL(p,s)`).
    case decimal(precision: Int, scale: Int)
    /// Double precision floating point.
    case double
    /// A calendar date without time (`DATE`).
    case date
    /// A type the catalog has no name for, kept as the engine spells it (found only by inspecting
    /// a live database; the catalog never uses it).
    case other(String)

    /// `TIMESTAMP` without a precision.
    public static var timestamp: ColumnType { .timestamp(precision: nil) }
}

/// A column default.
public enum DefaultValue: Sendable, Hashable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByBooleanLiteral
{
    /// `DEFAULT NULL`, which every engine treats as no default at all.
    case null
    /// An integer literal such as `0`.
    case integer(Int)
    /// A string literal such as `'ACTIVE'`.
    case string(String)
    /// A boolean literal such as `FALSE`.
    case boolean(Bool)
    /// The current date and time at insert (`CURRENT_TIMESTAMP`).
    case currentTimestamp
    /// The next value of a named sequence (`NEXTVAL('UM_USER_PK_SEQ')`).
    case nextValue(String)
    /// Any other expression, as the engine prints it (found only by inspecting a live database;
    /// the catalog never uses it).
    case expression(String)

    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .integer(value) }
    public init(booleanLiteral value: Bool) { self = .boolean(value) }

    /// `NEXTVAL('name')`, spelled as in WSO2's scripts.
    public static func nextval(_ sequence: String) -> DefaultValue { .nextValue(sequence) }
}
