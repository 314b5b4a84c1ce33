/// A row WSO2's script inserts while creating the database.
public struct SeedRow: Sendable, Hashable {
    /// The table the row goes into.
    public var table: String
    /// Column values, in the order the script lists them.
    public var values: [SeedValue]
    /// The column names, matching `values`.
    public var columns: [String]
    /// `ON CONFLICT DO NOTHING`: an existing row with the same key is left alone.
    public var ignoresConflicts: Bool

    /// A seed row from parallel lists of column names and values.
    public init(into table: String, columns: [String], values: [SeedValue], ignoringConflicts: Bool = false) {
        precondition(columns.count == values.count, "a seed row needs one value per column")
        self.table = table
        self.columns = columns
        self.values = values
        self.ignoresConflicts = ignoringConflicts
    }

    /// `INSERT INTO table (columns) VALUES (values) [ON CONFLICT DO NOTHING]`.
    public init(into table: String, _ pairs: KeyValuePairs<String, SeedValue>, ignoringConflicts: Bool = false) {
        self.table = table
        self.columns = pairs.map(\.key)
        self.values = pairs.map(\.value)
        self.ignoresConflicts = ignoringConflicts
    }
}

/// A value in a seed row.
public enum SeedValue: Sendable, Hashable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    /// A string.
    case string(String)
    /// An integer.
    case integer(Int)
    /// `CURRENT_TIMESTAMP`, evaluated by the server at insert.
    case currentTimestamp
    /// `NULL`.
    case null

    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .integer(value) }

    /// A column default as the value a row without one is given (what a row the product inserts without
    /// naming the column gets); `nil` for a default that is no single value (a sequence's next value,
    /// an expression, `NULL`).
    public init?(filling value: DefaultValue) {
        switch value {
        case .integer(let number): self = .integer(number)
        case .string(let text): self = .string(text)
        case .boolean(let flag): self = .integer(flag ? 1 : 0)
        case .currentTimestamp: self = .currentTimestamp
        case .null, .nextValue, .expression: return nil
        }
    }
}
