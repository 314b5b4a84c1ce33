import Foundation
import SQLDriver
import WSO2Schema

/// Reads the rows a script inserted into a freshly created database: its seed rows.
///
/// Columns the script let the server fill are left out, as the script left them out: a generated id
/// (so that the sequence or counter advances when the seed goes in) and a `CURRENT_TIMESTAMP` default
/// (whose value is the moment the script ran, not part of the definition). A timestamp the script wrote
/// itself while it ran (`INSERT … VALUES (…, CURRENT_TIMESTAMP, …)`) is read back as `CURRENT_TIMESTAMP`.
struct SeedReader {
    let connection: any DatabaseConnection
    /// The server's local time just before the script ran, as text: a stored timestamp at or after it is
    /// one the script took from the clock.
    let scriptStarted: String
    /// Tables whose seed rows the script inserts ignoring conflicts (`ON CONFLICT DO NOTHING`,
    /// `INSERT IGNORE`), upper case.
    let conflictIgnoringTables: Set<String>

    struct Unsupported: Error, CustomStringConvertible {
        let description: String
    }

    /// The server's local time now, spelled as the engine spells a stored timestamp as text.
    static func now(on connection: any DatabaseConnection) throws -> String {
        let sql = "SELECT " + connection.dialect.castToText("LOCALTIMESTAMP")
        return try connection.query(sql).rows.first?.first?.textValue ?? ""
    }

    func seeds(of schema: Schema) throws -> [SeedRow] {
        let dialect = connection.dialect
        var seeds: [SeedRow] = []
        for table in schema.tables {
            let kept = table.columns.filter { column in
                if column.type == .serial || column.isAutoIncrement { return false }
                switch column.defaultValue {
                case .nextValue, .currentTimestamp: return false
                default: return true
                }
            }
            guard !kept.isEmpty else { continue }
            let selected = kept.map { column in
                let name = dialect.quoteExactly(column.name)
                return column.type.isTimestamp ? dialect.castToText(name) : name
            }
            let order = dialect.insertionOrder.map { " ORDER BY \($0)" } ?? ""
            let rows = try connection.query(
                "SELECT \(selected.joined(separator: ", ")) FROM \(dialect.quoteExactly(table.name))\(order)"
            ).rows
            for row in rows {
                var pairs: [(String, SeedValue)] = []
                for (column, value) in zip(kept, row) {
                    switch value {
                    case .null: continue
                    case .text(let text) where column.type.isTimestamp && text >= scriptStarted:
                        pairs.append((column.name, .currentTimestamp))
                    case .integer(let number): pairs.append((column.name, .integer(Int(number))))
                    case .text(let text): pairs.append((column.name, .string(text)))
                    default: throw Unsupported(description: "seed value \(value) in \(table.name).\(column.name)")
                    }
                }
                seeds.append(
                    SeedRow(
                        into: table.name, columns: pairs.map(\.0), values: pairs.map(\.1),
                        ignoringConflicts: conflictIgnoringTables.contains(table.name.uppercased())))
            }
        }
        return seeds
    }
}

extension ColumnType {
    /// A point in time: PostgreSQL's timestamps, and the DATETIME that MySQL scripts also use.
    fileprivate var isTimestamp: Bool {
        switch self {
        case .timestamp: true
        case .other(let spelling): spelling.lowercased().hasPrefix("datetime")
        default: false
        }
    }
}
