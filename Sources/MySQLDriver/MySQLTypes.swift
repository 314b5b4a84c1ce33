import WSO2Schema

/// MySQL's spellings of types and defaults, read into model values and written back.
///
/// Integer display widths (`int(11)` on MariaDB, `int` on MySQL 8) are the server's own and are
/// left out of the model; `tinyint(1)` is MySQL's BOOLEAN. Types the model has no name for
/// (`longblob`, `mediumtext`, `datetime`) stay as MySQL spells them, and are written back so.
enum MySQLTypes {
    /// The model type of an `information_schema.COLUMNS.COLUMN_TYPE`.
    static func columnType(_ spelling: String) -> ColumnType {
        let text = spelling.lowercased()
        if text == "tinyint(1)" { return .boolean }
        for integer in ["smallint", "int", "bigint"] where text == integer || (text.hasPrefix(integer + "(") && text.hasSuffix(")")) {
            return ColumnType(sqlSpelling: integer)
        }
        switch text {
        case "blob": return .binary
        case "double": return .double
        default: break
        }
        let type = ColumnType(sqlSpelling: text)
        if case .serial = type { return .other(text) }
        return type
    }

    /// How MySQL is to be told a type.
    static func typeSQL(_ type: ColumnType) -> String {
        switch type {
        case .smallint: "SMALLINT"
        case .integer: "INT"
        case .bigint: "BIGINT"
        case .serial: "INT"
        case .varchar(let length): "VARCHAR(\(length))"
        case .char(let length): "CHAR(\(length))"
        case .text: "TEXT"
        case .boolean: "TINYINT(1)"
        case .timestamp(let precision): precision.map { "TIMESTAMP(\($0))" } ?? "TIMESTAMP"
        case .binary: "BLOB"
        case .decimal(let precision, let scale): "DECIMAL(\(precision),\(scale))"
        case .double: "DOUBLE"
        case .date: "DATE"
        case .other(let spelling): spelling.uppercased()
        }
    }

    /// The model default of an `information_schema.COLUMNS.COLUMN_DEFAULT` as MariaDB 10.2.7 and
    /// later write it (literals quoted, `NULL` for an explicit NULL default, functions with
    /// parentheses) and as MySQL 8 does (literals bare, `CURRENT_TIMESTAMP`).
    static func defaultValue(_ text: String, type: ColumnType) -> DefaultValue? {
        let lower = text.lowercased()
        if lower == "null" { return nil }
        if lower == "current_timestamp()" || lower == "current_timestamp" || lower.hasPrefix("current_timestamp(") { return .currentTimestamp }
        if text.hasPrefix("'"), text.hasSuffix("'"), text.count >= 2 {
            return .string(String(text.dropFirst().dropLast()).replacingOccurrences(of: "''", with: "'")
                .replacingOccurrences(of: "\\\\", with: "\\"))
        }
        if let number = Int(text) {
            switch type {
            case .varchar, .char, .text, .other: return .string(text)
            default: return .integer(number)
            }
        }
        switch type {
        case .varchar, .char, .text, .timestamp, .date: return .string(text)
        default: return .expression(text)
        }
    }

    /// How MySQL is to be told a default.
    static func defaultSQL(_ value: DefaultValue, literal: (String) -> String) -> String {
        switch value {
        case .null: "NULL"
        case .integer(let number): String(number)
        case .string(let text): literal(text)
        case .boolean(let flag): flag ? "1" : "0"
        case .currentTimestamp: "CURRENT_TIMESTAMP"
        // MySQL has no sequences: a sequence default is AUTO_INCREMENT's job.
        case .nextValue: "NULL"
        case .expression(let text): text
        }
    }
}
