import Foundation
import WSO2Catalog
import WSO2Schema

/// What the merge anchors move, from the catalog: every WSO2_SHARED_DB 4.7.0 table that the API-M
/// 2.6.0 legacy schema has too (the `UM_*` tables from the UM database, the `REG_*` tables from the
/// REG database), with the columns the two have in common, and the 4.7.0 columns that need a value
/// per copied row (the new ID keys, the new UUIDs).
struct MergeAnchor: Sendable {
    /// One table the merge moves.
    struct MovedTable: Sendable {
        /// The 4.7.0 name, as the catalog writes it (upper case).
        let name: String
        /// The attached source that holds it: `um` or `reg`.
        let source: String
        /// The columns the legacy table has, as 4.7.0 orders them.
        let legacyColumns: [String]
        /// New 4.7.0 columns without a usable default, and what fills them.
        let filled: [(column: String, fill: Fill)]
        /// Sequence-backed columns of the 4.7.0 table, whose sequences must end up past the copied ids.
        let sequences: [(column: String, sequence: String)]
    }

    /// How the anchor fills a new column, doing the work wso2db does for it.
    enum Fill: Sendable {
        /// `row_number() OVER ()` from the sequence's start: a new ID key.
        case rowNumber(start: Int)
        /// `lower(hex(randomblob(16)))`: a new UUID.
        case randomHex
    }

    /// The tables, referenced tables before the tables that refer to them.
    let tables: [MovedTable]

    /// Reads both schemas from the catalog.
    static func fromCatalog() throws -> MergeAnchor {
        let target = try Catalog.schema(for: .shared, version: "4.7.0")
        let legacy = try Catalog.schema(for: .um, version: "2.6.0")
        var moved: [MovedTable] = []
        for table in parentsFirst(target.tables) {
            guard let old = legacy.table(named: table.name) else { continue }
            var filled: [(String, Fill)] = []
            for column in table.columns where old.column(named: column.name) == nil {
                let required = !column.isNullable || table.isPrimaryKeyColumn(column.name)
                var start = 1
                switch column.defaultValue {
                case nil: break
                case .nextValue(let sequence): start = target.sequence(named: sequence)?.start ?? 1
                default: continue  // the database fills it
                }
                guard required else { continue }
                switch column.type {
                case .smallint, .integer, .bigint, .serial: filled.append((column.name, .rowNumber(start: start)))
                default: filled.append((column.name, .randomHex))
                }
            }
            moved.append(
                MovedTable(
                    name: table.name, source: table.name.uppercased().hasPrefix("REG_") ? "reg" : "um",
                    legacyColumns: table.columns.filter { old.column(named: $0.name) != nil }.map(\.name),
                    filled: filled, sequences: table.sequenceBackedColumns.map { ($0.column.name, $0.sequence) }))
        }
        return MergeAnchor(tables: moved)
    }

    /// The whole SQLite anchor as one sqlite3 script: the connection settings wso2db uses, both
    /// sources attached, then in one transaction the 4.7.0 DDL (`wso2db ddl shared --dialect sqlite`),
    /// an INSERT … SELECT per table and the sequences set past the copied ids.
    func sqliteScript(ddl: String, um: String, reg: String) -> String {
        var lines = [
            "PRAGMA foreign_keys = ON;",
            ".output /dev/null",
            "PRAGMA journal_mode = WAL;",
            ".output stdout",
            "ATTACH DATABASE \(Self.literal(um)) AS um;",
            "ATTACH DATABASE \(Self.literal(reg)) AS reg;",
            "BEGIN IMMEDIATE;",
            ddl,
        ]
        for table in tables {
            let targetColumns = (table.legacyColumns + table.filled.map(\.column)).map(Self.quote)
            let values = table.legacyColumns.map(Self.quote) + table.filled.map { filled in
                switch filled.fill {
                case .rowNumber(let start): start == 1 ? "row_number() OVER ()" : "row_number() OVER () + \(start - 1)"
                case .randomHex: "lower(hex(randomblob(16)))"
                }
            }
            lines.append(
                "INSERT INTO main.\(Self.quote(table.name)) (\(targetColumns.joined(separator: ", "))) SELECT "
                    + "\(values.joined(separator: ", ")) FROM \(table.source).\(Self.quote(table.name));")
        }
        for table in tables {
            for (column, sequence) in table.sequences {
                lines.append(
                    "UPDATE main.\"wso2db_sequence\" SET \"next_value\" = max(\"next_value\", (SELECT coalesce(max(\(Self.quote(column))), 0) + 1 "
                        + "FROM main.\(Self.quote(table.name)))) WHERE \"name\" = \(Self.literal(sequence));")
            }
        }
        lines.append("COMMIT;")
        return lines.joined(separator: "\n") + "\n"
    }

    /// One query that adds up the rows of every moved table: `lowerCase` for PostgreSQL, where the
    /// tables are stored under lower-case names.
    func countQuery(lowerCase: Bool) -> String {
        "SELECT " + tables.map { "(SELECT count(*) FROM \(Self.quote(lowerCase ? $0.name.lowercased() : $0.name)))" }.joined(separator: " + ")
    }

    /// The new columns the anchor fills, for the notes, e.g. `REG_RESOURCE_TAG.ID row_number()`.
    var filledColumns: [String] {
        tables.flatMap { table in
            table.filled.map { filled in
                switch filled.fill {
                case .rowNumber: "\(table.name).\(filled.column) row_number()"
                case .randomHex: "\(table.name).\(filled.column) random hex"
                }
            }
        }
    }

    /// Tables ordered so that every table comes after the tables its foreign keys reference
    /// (self-references aside); the catalog's order otherwise.
    static func parentsFirst(_ tables: [Table]) -> [Table] {
        var placed: [Table] = []
        var done: Set<String> = []
        var remaining = tables
        while !remaining.isEmpty {
            let ready = remaining.filter { table in
                table.foreignKeys.allSatisfy { $0.referencedTable.uppercased() == table.name.uppercased() || done.contains($0.referencedTable.uppercased()) }
            }
            let next = ready.isEmpty ? [remaining[0]] : ready
            for table in next { done.insert(table.name.uppercased()) }
            placed += next
            remaining.removeAll { done.contains($0.name.uppercased()) }
        }
        return placed
    }

    static func quote(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
    static func literal(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }
}
