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

/// A value as a driver lends it while a row is current: text and bytes stay in the driver's
/// memory, valid only until the row moves on. A value passed straight through (hashed, bound to
/// another statement) is then never copied into a Swift string or array on the way.
public enum BorrowedSQLValue {
    case null
    case integer(Int64)
    case double(Double)
    case boolean(Bool)
    /// UTF-8 as stored, not checked: it may be invalid, as a database may hold such text.
    case text(UnsafeRawBufferPointer)
    case blob(UnsafeRawBufferPointer)

    /// The value copied out. Invalid UTF-8 in text is repaired with U+FFFD, as `String(decoding:)` does.
    public var owned: SQLValue {
        switch self {
        case .null: .null
        case .integer(let number): .integer(number)
        case .double(let number): .double(number)
        case .boolean(let flag): .boolean(flag)
        case .text(let bytes): .text(String(decoding: bytes, as: UTF8.self))
        case .blob(let bytes): .blob(Array(bytes))
        }
    }
}

extension SQLValue {
    /// Lends the value as a `BorrowedSQLValue`, for code written once over borrowed values.
    public func withBorrowed<R>(_ body: (BorrowedSQLValue) throws -> R) rethrows -> R {
        switch self {
        case .null: return try body(.null)
        case .integer(let number): return try body(.integer(number))
        case .double(let number): return try body(.double(number))
        case .boolean(let flag): return try body(.boolean(flag))
        case .text(var text): return try text.withUTF8 { try body(.text(UnsafeRawBufferPointer($0))) }
        case .blob(let bytes): return try bytes.withUnsafeBytes { try body(.blob($0)) }
        }
    }
}
