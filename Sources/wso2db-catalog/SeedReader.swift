import Foundation
import PostgresDriver
import SQLDriver
import WSO2Schema

/// Reads the rows a script inserted into a freshly created database: its seed rows.
///
/// Columns the script let the server fill are left out, as the script left them out: a sequence id
/// (so that the sequence advances when the seed goes in) and a `CURRENT_TIMESTAMP` default (whose
/// value is the moment the script ran, not part of the definition). A timestamp the script wrote
/// itself while it ran (`INSERT … VALUES (…, CURRENT_TIMESTAMP, …)`) is read back as `CURRENT_TIMESTAMP`.
struct SeedReader {
    let connection: PostgresConnection
    /// The server's `localtimestamp` just before the script ran, as text: a stored timestamp at or after
    /// it is one the script took from the clock.
    let scriptStarted: String
    /// Tables whose seed rows the script inserts with `ON CONFLICT DO NOTHING`, upper case.
    let conflictIgnoringTables: Set<String>

    struct Unsupported: Error, CustomStringConvertible {
        let description: String
    }

    func seeds(of schema: Schema) throws -> [SeedRow] {
        let dialect = PostgresDialect()
        var seeds: [SeedRow] = []
        for table in schema.tables {
            let kept = table.columns.filter { column in
                if column.type == .serial { return false }
                switch column.defaultValue {
                case .nextValue, .currentTimestamp: return false
                default: return true
                }
            }
            guard !kept.isEmpty else { continue }
            let selected = kept.map { column in
                let name = dialect.quoteExactly(column.name)
                if case .timestamp = column.type { return "\(name)::text" }
                return name
            }
            let rows = try connection.query(
                "SELECT \(selected.joined(separator: ", ")) FROM \(dialect.quoteExactly(table.name)) ORDER BY ctid"
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
    fileprivate var isTimestamp: Bool {
        if case .timestamp = self { return true }
        return false
    }
}
