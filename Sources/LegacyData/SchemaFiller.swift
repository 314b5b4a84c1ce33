import Foundation
import WSO2Catalog
import SQLDriver
import WSO2Schema

/// Fills every table of any schema with a few rows of awkward values (quotes, backslashes, non-ASCII,
/// empty and full-length text, extreme integers, NUL bytes, odd timestamps, NULL where allowed) with
/// every foreign key satisfied, for tests that must see each row survive a migration.
///
/// Values depend on the row's position and the column's type only, so that a row's key is the same
/// value wherever it is spelt; a foreign-key column takes its value from the referenced row of the same
/// position. Tables are filled parents first; a foreign key that closes a cycle, or points at its own
/// table, is left NULL when it may be, and otherwise points at the row itself.
public struct SchemaFiller {
    /// Rows per table.
    public var rows: Int
    /// Columns (`TABLE.COLUMN`, upper case) never left NULL even where the schema allows it: those a later
    /// release makes NOT NULL, which the product writes in every row.
    public var neverNull: Set<String>

    /// Foreign keys to satisfy beyond those the schema declares, by table (upper case): those a later release adds,
    /// which the product's rows already keep.
    public var foreignKeys: [String: [ForeignKey]]

    /// Text lengths never exceeded (`TABLE.COLUMN` → characters), where a later release narrows a column.
    public var maximumLengths: [String: Int]

    /// Whether text keeps to the characters of Latin-1 (`é ü §` but no `✓` or emoji): for a MySQL database in
    /// `latin1`, as WSO2's documentation creates it, which cannot hold any other character.
    public var latin1: Bool = false

    public init(rows: Int = 3, neverNull: Set<String> = [], foreignKeys: [String: [ForeignKey]] = [:], maximumLengths: [String: Int] = [:]) {
        self.rows = rows
        self.neverNull = neverNull
        self.foreignKeys = foreignKeys
        self.maximumLengths = maximumLengths
    }

    /// What was written: the rows of each table, by table name, as inserted.
    public struct Filled: Sendable {
        public var rows: [String: [[String: SQLValue]]]
    }

    /// Inserts `rows` rows into every table of `schema` (as the connection inspects it), in one transaction,
    /// then moves every sequence past the values written into the columns it numbers.
    /// A row whose key the database already holds (a row WSO2's script inserts) is left out.
    @discardableResult
    public func fill(_ schema: Schema, on connection: any DatabaseConnection) throws -> Filled {
        let dialect = connection.dialect
        var written: [String: [[String: SQLValue]]] = [:]
        var tables = schema.tables
        for index in tables.indices {
            let extra = foreignKeys[tables[index].name.uppercased()] ?? []
            tables[index].foreignKeys += extra.filter { key in
                key.columns.allSatisfy { tables[index].column(named: $0) != nil }
                    && schema.table(named: key.referencedTable).map { parent in key.referencedColumns.allSatisfy { parent.column(named: $0) != nil } } == true
            }
        }
        let limits = Self.lengthLimits(tables).merging(maximumLengths) { min($0, $1) }
        try connection.exclusiveTransaction {
            for table in Self.parentsFirst(tables) {
                var tableRows: [[String: SQLValue]] = []
                for position in 0..<rows {
                    var row: [String: SQLValue] = [:]
                    for column in table.columns {
                        var column = column
                        // A key value must fit every column that refers to it.
                        if let limit = limits["\(table.name.uppercased()).\(column.name.uppercased())"] {
                            switch column.type {
                            case .varchar(let length): column.type = .varchar(min(length, limit))
                            case .text: column.type = .varchar(limit)
                            default: break
                            }
                        }
                        row[column.name.uppercased()] = value(column, position, in: table)
                        if latin1, case .text(let text) = row[column.name.uppercased()] {
                            row[column.name.uppercased()] = .text(String(text.unicodeScalars.map { $0.value < 256 ? Character($0) : "?" }))
                        }
                    }
                    for key in table.foreignKeys {
                        let parent = written[key.referencedTable.uppercased()]
                        let referencesSelf = key.referencedTable.sameSQLName(as: table.name)
                        let nullable = key.columns.allSatisfy { table.column(named: $0)?.isNullable ?? false }
                        for (column, referenced) in zip(key.columns, key.referencedColumns) {
                            if referencesSelf {
                                row[column.uppercased()] = nullable ? .null : row[referenced.uppercased()] ?? .null
                            } else if let parent, !parent.isEmpty {
                                row[column.uppercased()] = parent[position % parent.count][referenced.uppercased()] ?? .null
                            } else {
                                row[column.uppercased()] = .null
                            }
                        }
                    }
                    let columns = table.columns.map(\.name)
                    let statement = dialect.insertStatement(
                        .seeds, "row of \(table.name)", into: dialect.quote(table.name), columns: columns,
                        values: columns.map { .value(row[$0.uppercased()] ?? .null) }, ignoringConflicts: true)
                    try connection.run(statement.statement)
                    tableRows.append(row)
                }
                written[table.name.uppercased()] = tableRows
            }
            var next: [String: Int64] = [:]
            for table in schema.tables {
                for (column, sequence) in table.sequenceBackedColumns {
                    let top = try connection.query("SELECT max(\(dialect.quote(column.name))) FROM \(dialect.quote(table.name))").rows.first?
                        .first?.integerValue ?? 0
                    next[sequence.uppercased()] = max(next[sequence.uppercased()] ?? 1, top + 1)
                }
            }
            for sequence in schema.sequences {
                guard let value = next[sequence.name.uppercased()] else { continue }
                try connection.run(dialect.restartSequenceStatement(sequence.name, next: value))
            }
        }
        return Filled(rows: written)
    }

    /// The value of a column in the row at `position`: the same for every column of a type, so that
    /// keys match across tables.
    func value(_ column: Column, _ position: Int, in table: Table) -> SQLValue {
        let isKey = table.isPrimaryKeyColumn(column.name)
            || table.uniqueConstraints.contains { $0.columns.contains { $0.sameSQLName(as: column.name) } }
            || table.foreignKeys.contains { $0.columns.contains { $0.sameSQLName(as: column.name) } }
            || table.indexes.contains { $0.isUnique }
        let required = neverNull.contains("\(table.name.uppercased()).\(column.name.uppercased())")
        if column.isNullable && !isKey && !required && position % 3 == 1 { return .null }
        switch column.type {
        case .smallint: return .integer([-1, 1, 32000][position % 3] + Int64(position / 3) * 2)
        case .integer, .serial: return .integer([-1234, 1, 2_000_000_000][position % 3] - Int64(position / 3))
        case .bigint: return .integer([-1234, 1, 9_000_000_000_000_000_000][position % 3] - Int64(position / 3))
        case .decimal: return .text(["0", "-1.5", "12345.25"][position % 3])
        case .double: return .double([0, -1.5, 1e300][position % 3])
        case .boolean: return .boolean(position % 2 == 0)
        case .timestamp: return .text(["2024-02-29 23:59:59", "1970-01-01 00:00:01", "2038-01-19 03:14:07"][position % 3])
        case .date: return .text(["2024-02-29", "1970-01-01", "2038-01-19"][position % 3])
        case .binary: return .blob([[0, 255, 39, 92, 10], [], Array("é'\u{0}x".utf8)][position % 3])
        case .varchar(let length), .char(let length): return .text(Self.text(position, length: length))
        case .text, .other: return .text(Self.text(position, length: 200))
        }
    }

    /// Text for the row at `position`, at most `length` characters, distinct per position where the
    /// length allows: awkward characters, then full length.
    static func text(_ position: Int, length: Int) -> String {
        let tag = String(position)
        let body: String
        switch position % 3 {
        case 0: body = tag + "-O'Brien \"q\" \\ %_ é ü ✓ 🙂\ttab"
        case 1: body = tag
        // Full length, with a comma every 60 characters: lists (a scope's roles) are split on it.
        default: body = tag + String((0..<max(0, length - tag.count)).map { $0 % 60 == 59 ? "," : "x" })
        }
        return String(body.prefix(length))
    }

    /// For each column a foreign key refers to (`TABLE.COLUMN`), the shortest text length of the columns that refer to it.
    static func lengthLimits(_ tables: [Table]) -> [String: Int] {
        var limits: [String: Int] = [:]
        for table in tables {
            for key in table.foreignKeys {
                for (column, referenced) in zip(key.columns, key.referencedColumns) {
                    guard let type = table.column(named: column)?.type else { continue }
                    let length: Int
                    switch type {
                    case .varchar(let value), .char(let value): length = value
                    case .text: length = 200
                    default: continue
                    }
                    let name = "\(key.referencedTable.uppercased()).\(referenced.uppercased())"
                    limits[name] = min(limits[name] ?? length, length)
                }
            }
        }
        return limits
    }

    /// Tables ordered so that each comes after the tables its foreign keys point at, where a cycle allows.
    static func parentsFirst(_ tables: [Table]) -> [Table] {
        var done = Set<String>()
        var ordered: [Table] = []
        var pending = tables
        while !pending.isEmpty {
            let ready = pending.filter { table in
                table.foreignKeys.allSatisfy { done.contains($0.referencedTable.uppercased()) || $0.referencedTable.sameSQLName(as: table.name) }
            }
            // A cycle: the first pending table goes next, its foreign keys into the cycle left NULL.
            let next = ready.isEmpty ? [pending[0]] : ready
            for table in next { done.insert(table.name.uppercased()) }
            ordered += next
            pending.removeAll { done.contains($0.name.uppercased()) }
        }
        return ordered
    }
}

extension SchemaFiller {
    /// A filler for a database at `release` of `database` whose rows also keep the rules later releases add:
    /// no NULL where a later release requires a value it has no default for, every foreign key a later
    /// release adds satisfied, and no text longer than a later release's column allows. Such rows are what the product writes; rows that break the later rules are the
    /// pre-check's to report, not a migration's to meet.
    /// - Parameter engine: whose scripts' later rules to keep (WSO2's MySQL scripts narrow some columns further).
    public static func keepingLaterRules(
        of database: WSO2Database, after release: String, rows: Int = 3, engine: CatalogEngine = .postgresql
    ) throws -> SchemaFiller {
        var neverNull = Set<String>()
        var keys: [String: [ForeignKey]] = [:]
        var lengths: [String: Int] = [:]
        for later in Catalog.versions(of: database, engine: engine) where later.compare(release, options: .numeric) == .orderedDescending {
            for table in try Catalog.schema(for: database, version: later, engine: engine).tables {
                for column in table.columns {
                    let name = "\(table.name.uppercased()).\(column.name.uppercased())"
                    if !column.isNullable && column.defaultValue == nil { neverNull.insert(name) }
                    if case .varchar(let length) = column.type { lengths[name] = min(lengths[name] ?? length, length) }
                }
                keys[table.name.uppercased(), default: []] += table.foreignKeys
            }
        }
        return SchemaFiller(rows: rows, neverNull: neverNull, foreignKeys: keys, maximumLengths: lengths)
    }
}
