/// A secondary index created by `CREATE [UNIQUE] INDEX name ON table (keys)`.
public struct Index: Sendable, Hashable {
    /// The index name as WSO2 writes it.
    public var name: String
    /// The indexed table. WSO2's scripts occasionally name an index after another table
    /// than the one it is on; this is always the table it is really on.
    public var table: String
    /// Index keys, in order.
    public var keys: [IndexKey]
    /// `CREATE UNIQUE INDEX`.
    public var isUnique: Bool
    /// Keys indexed by a prefix only (MySQL's `col(255)`): column name → characters (or bytes).
    /// Engines that index whole values ignore it.
    public var prefixLengths: [String: Int] = [:]
    /// The index method the script asks for (MySQL's `USING HASH`), upper case; `nil` is the
    /// engine's default. Engines that choose for themselves ignore it.
    public var method: String?

    /// `CREATE [UNIQUE] INDEX name ON table (keys)`.
    public init(_ name: String, on table: String, _ keys: [IndexKey], unique: Bool = false) {
        self.name = name
        self.table = table
        self.keys = keys
        self.isUnique = unique
    }
}

/// One key of an index: a plain column, or a function applied to a column such as `LOWER(col)`.
public enum IndexKey: Sendable, Hashable, ExpressibleByStringLiteral {
    /// A column.
    case column(String)
    /// `FUNCTION(column)` with a function every dialect knows (`LOWER`, `UPPER`).
    case function(IndexFunction, column: String)
    /// Any other expression, as the engine prints it (found only by inspecting a live database;
    /// the catalog never uses it).
    case expression(String)

    public init(stringLiteral value: String) { self = .column(value) }

    /// `LOWER(column)`.
    public static func lower(_ column: String) -> IndexKey { .function(.lower, column: column) }
}

/// Functions allowed in expression indexes. A closed list keeps index keys free of raw SQL.
public enum IndexFunction: String, Sendable, Hashable {
    case lower = "LOWER"
    case upper = "UPPER"
}
