import PostgresDriver
import SQLDriver
import WSO2Schema

/// Reads the rows a script inserted into a freshly created database: its seed rows.
///
/// Columns the script let the server fill are left out, as the script left them out: a sequence id
/// (so that the sequence advances when the seed goes in) and a `CURRENT_TIMESTAMP` default (whose
/// value is the moment the script ran, not part of the definition).
struct SeedReader {
    let connection: PostgresConnection

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
            let rows = try connection.query(
                "SELECT \(kept.map { dialect.quoteExactly($0.name) }.joined(separator: ", ")) FROM \(dialect.quoteExactly(table.name)) ORDER BY ctid"
            ).rows
            for row in rows {
                var pairs: [(String, SeedValue)] = []
                for (column, value) in zip(kept, row) {
                    switch value {
                    case .null: continue
                    case .integer(let number): pairs.append((column.name, .integer(Int(number))))
                    case .text(let text): pairs.append((column.name, .string(text)))
                    default: throw Unsupported(description: "seed value \(value) in \(table.name).\(column.name)")
                    }
                }
                seeds.append(SeedRow(into: table.name, columns: pairs.map(\.0), values: pairs.map(\.1)))
            }
        }
        return seeds
    }
}
