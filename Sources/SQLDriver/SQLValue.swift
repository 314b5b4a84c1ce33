/// A value travelling to or from a database: always as a parameter or COPY data, never spliced
/// into SQL text (the one exception is `SQLDialect.literal(_:)`, used only to print scripts).
public enum SQLValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case double(Double)
    case text(String)
    case blob([UInt8])
    case boolean(Bool)

    /// The value as an integer, if it is one (or text holding one).
    public var integerValue: Int64? {
        switch self {
        case .integer(let value): value
        case .boolean(let value): value ? 1 : 0
        case .text(let text): Int64(text)
        default: nil
        }
    }

    /// The value as text, if it is text or a number.
    public var textValue: String? {
        switch self {
        case .text(let text): text
        case .integer(let value): String(value)
        case .double(let value): String(value)
        case .boolean(let value): value ? "true" : "false"
        default: nil
        }
    }
}

/// One statement with its parameters. `sql` uses the dialect's placeholders (`$1` or `?`).
public struct SQLStatement: Sendable, Hashable {
    /// The SQL text, with placeholders where values go.
    public var sql: String
    /// Values for the placeholders, in order.
    public var parameters: [SQLValue]

    /// Creates a statement.
    public init(_ sql: String, _ parameters: [SQLValue] = []) {
        self.sql = sql
        self.parameters = parameters
    }
}

/// The rows a query returned.
public struct QueryResult: Sendable {
    /// Column names, in order.
    public var columns: [String]
    /// Rows; each has one value per column.
    public var rows: [[SQLValue]]

    /// Creates a result.
    public init(columns: [String], rows: [[SQLValue]]) {
        self.columns = columns
        self.rows = rows
    }
}
