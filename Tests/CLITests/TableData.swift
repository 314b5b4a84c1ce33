import Foundation
import SQLDriver
import WSO2Schema

/// Rows for every table of a schema, and a way to read them all back for comparison.
///
/// Row `i` of every table holds `i` in every integer column, so that every foreign key (WSO2's are
/// all on integer columns) finds its row; text holds `i` followed by awkward characters (unicode,
/// quotes, a backslash, a tab, a newline) cut to the column's length; key-less tables get each row
/// twice. Sequences are then set well past every id, as on a long-lived server.
enum TableData {
    /// Fills every table of `schema` with `rows` rows (ids `1...rows`).
    static func fill(_ connection: any DatabaseConnection, schema: Schema, rows: Int) throws {
        let dialect = connection.dialect
        try connection.exclusiveTransaction {
            for table in schema.tables {
                let copies = table.primaryKey == nil && table.uniqueConstraints.isEmpty ? 2 : 1
                for row in 1...rows {
                    let values = table.columns.map { InsertValue.value(value(for: $0, row: row)) }
                    let insert = dialect.insertStatement(
                        .seeds, "row", into: dialect.quote(table.name), columns: table.columns.map(\.name), values: values)
                    for _ in 0..<copies { try connection.run(insert.statement) }
                }
            }
        }
        try advanceSequences(connection, schema: schema, to: 10_000)
    }

    /// The value row `row` holds in `column`.
    static func value(for column: Column, row: Int) -> SQLValue {
        switch column.type {
        case .smallint, .integer, .bigint, .serial: return .integer(Int64(row))
        case .varchar(let length), .char(let length): return .text(String(text(row).prefix(length)))
        case .text, .other: return .text(text(row) + String(repeating: "x", count: 300))
        case .boolean: return .boolean(row % 2 == 0)
        case .timestamp, .date: return .text("2019-0\(1 + row % 9)-1\(row % 10) 10:20:30")
        case .binary: return .blob((0...255).map { UInt8(($0 + row) % 256) })
        case .decimal, .double: return .integer(Int64(row))
        }
    }

    static func text(_ row: Int) -> String { "\(row)·ü'\"\\\t\n😀" }

    /// Sets every sequence to `value`, as a server that has handed out many ids would have it.
    static func advanceSequences(_ connection: any DatabaseConnection, schema: Schema, to value: Int) throws {
        for sequence in schema.sequences {
            if connection.dialect.hasNativeSequences {
                _ = try connection.query("SELECT setval($1, $2)", .text(connection.dialect.storedName(sequence.name)), .integer(Int64(value)))
            } else {
                try connection.run(
                    SQLStatement("UPDATE \"wso2db_sequence\" SET \"next_value\" = ?1 WHERE \"name\" = ?2", [.integer(Int64(value)), .text(sequence.name)]))
            }
        }
    }

    /// Every row of every table of `schema`, limited to the columns `schema` gives, as sorted text:
    /// equal snapshots mean every row is there exactly as many times, with the same values.
    static func snapshot(_ connection: any DatabaseConnection, schema: Schema) throws -> [String: [String]] {
        var result: [String: [String]] = [:]
        for table in schema.tables {
            let columns = table.columns.map { connection.dialect.quote($0.name) }.joined(separator: ", ")
            let rows = try connection.query("SELECT \(columns) FROM \(connection.dialect.quote(table.name))").rows
            result[table.name.uppercased()] = rows.map { row in row.map(render).joined(separator: "|") }.sorted()
        }
        return result
    }

    /// Values written the same way whichever engine and column type they came from.
    static func render(_ value: SQLValue) -> String {
        switch value {
        case .null: "NULL"
        case .integer(let number): String(number)
        case .double(let number): String(number)
        case .text(let text): "'" + text + "'"
        case .boolean(let flag): flag ? "1" : "0"
        case .blob(let bytes): "x" + bytes.map { String($0, radix: 16) }.joined()
        }
    }
}
