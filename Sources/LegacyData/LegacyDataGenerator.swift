import SQLDriver
import WSO2Catalog
import WSO2Schema

/// How much data to generate. Factor 1 is small (a few thousand rows, about a megabyte of
/// content); every count grows linearly with the factor.
public struct Scale: Sendable, Hashable {
    /// The multiplier.
    public var factor: Int

    /// A scale of `factor` (at least 1): more tenants, and a bigger super tenant.
    public init(factor: Int) { self.factor = max(1, factor) }

    /// Tenants besides the super tenant.
    public var tenants: Int { 2 * factor }
    /// Users of the super tenant.
    public var superTenantUsers: Int { 40 * factor }
    /// Users of every other tenant (constant, so that rows grow linearly with the factor).
    public var tenantUsers: Int { 6 }
    /// Extra user-store roles of the super tenant.
    public var superTenantRoles: Int { 2 * factor }
    /// Extra user-store roles of every other tenant.
    public var tenantRoles: Int { 2 }
    /// APIs (each a few registry resources) of the super tenant.
    public var superTenantAPIs: Int { 12 * factor }
    /// APIs of every other tenant.
    public var tenantAPIs: Int { 3 }
    /// Size of the few large binary blobs (one per 32 APIs of the super tenant): 1 MB from factor 4
    /// on, 64 KB below, so that tests stay small and bytes grow linearly at benchmark scales.
    public var largeBlobBytes: Int { factor >= 4 ? 1 << 20 : 64 * 1024 }
}

/// What a fill wrote.
public struct LegacyDataReport: Sendable, Hashable {
    /// Rows per table (duplicates counted).
    public var rows: [String: Int] = [:]
    /// Payload bytes per table: UTF-8 text and binary values (integers and timestamps not counted).
    public var bytes: [String: Int] = [:]

    public init() {}

    /// All rows.
    public var totalRows: Int { rows.values.reduce(0, +) }
    /// All payload bytes.
    public var totalBytes: Int { bytes.values.reduce(0, +) }

    /// Both reports together.
    public func merged(with other: LegacyDataReport) -> LegacyDataReport {
        var result = self
        result.rows.merge(other.rows, uniquingKeysWith: +)
        result.bytes.merge(other.bytes, uniquingKeysWith: +)
        return result
    }

    /// One line per table, then the totals.
    public var summary: String {
        var lines = rows.keys.sorted().map { "\($0): \(rows[$0] ?? 0) rows, \(bytes[$0] ?? 0) bytes" }
        lines.append("total: \(totalRows) rows, \(totalBytes) bytes")
        return lines.joined(separator: "\n")
    }
}

/// Fills API-M 2.6.0 legacy databases (carbon-kernel 4.4.35 schema, created beforehand with
/// `SchemaCreator` or `wso2db create um|reg --version 2.6.0`) with realistic data, the same for the
/// same seed and scale on every engine and platform.
///
/// The user-management tables (`UM_*`) go into the UM database, the registry tables (`REG_*`) into
/// the REG database; each fill runs in one exclusive transaction, and ends by setting every
/// sequence of its family ahead of the largest id that draws from it. Data belongs to the super
/// tenant (-1234, which, as on a real server, has no `UM_TENANT` row) and to tenants 1…N, with ids
/// repeating from tenant to tenant under the composite keys. No table is left empty.
public struct LegacyDataGenerator: Sendable {
    /// The super tenant's id.
    public static let superTenant = -1234
    /// Tables deliberately left empty: none.
    public static let leftEmpty: [String] = []

    /// The seed: equal seeds and scales give equal data.
    public var seed: UInt64
    /// How much to write.
    public var scale: Scale
    /// What it looks like: sizes of values, claims and permissions, tenants.
    public var shape: Shape

    public init(seed: UInt64, scale: Scale, shape: Shape = .uniform) {
        self.seed = seed
        self.scale = scale
        self.shape = shape
    }

    /// Every tenant that holds data, the super tenant first.
    public var tenantIDs: [Int] { tenantSizes.map(\.tenant) }

    /// Fills the UM database, then the REG database.
    public func fill(um: any DatabaseConnection, reg: any DatabaseConnection) throws -> LegacyDataReport {
        try fillUserManagement(um).merged(with: fillRegistry(reg))
    }

    /// Writes the `UM_*` tables.
    public func fillUserManagement(_ connection: any DatabaseConnection) throws -> LegacyDataReport {
        let writer = try RowWriter(connection)
        try connection.exclusiveTransaction {
            var builder = UserManagementData(generator: self, writer: writer)
            try builder.write()
            try writer.flush()
            try advanceSequences(connection, prefix: "UM_")
        }
        return writer.report
    }

    /// Writes the `REG_*` tables.
    public func fillRegistry(_ connection: any DatabaseConnection) throws -> LegacyDataReport {
        let writer = try RowWriter(connection)
        try connection.exclusiveTransaction {
            var builder = RegistryData(generator: self, writer: writer)
            try builder.write()
            try writer.flush()
            try advanceSequences(connection, prefix: "REG_")
        }
        return writer.report
    }

    /// The user name of user `index` (1-based) of a tenant: `admin` first, then names with quotes,
    /// accents and dots, never longer than the registry's 31 characters.
    static func userName(_ index: Int) -> String {
        if index == 1 { return "admin" }
        let first = ["alice", "bob", "o'neil", "jörg", "zoë", "li.wei", "maría-josé", "d'angelo"]
        return "\(first[index % first.count]).\(index)"
    }

    /// Sequences that an id column draws from without a default: history rows take their ids from
    /// the live table's sequence.
    public static let extraSequenceColumns: [(table: String, column: String, sequence: String)] = [
        ("REG_RESOURCE_HISTORY", "REG_VERSION", "REG_RESOURCE_PK_SEQ"),
        ("REG_CONTENT_HISTORY", "REG_CONTENT_ID", "REG_CONTENT_PK_SEQ"),
    ]

    /// Sets each sequence of the family to hand out, next, an id well past every id that uses it.
    func advanceSequences(_ connection: any DatabaseConnection, prefix: String) throws {
        let schema = try Catalog.schema(for: .um, version: "2.6.0")
        let dialect = connection.dialect
        var users: [(table: String, column: String, sequence: String)] = Self.extraSequenceColumns
        for table in schema.tables where table.name.hasPrefix(prefix) {
            for (column, sequence) in table.sequenceBackedColumns { users.append((table.name, column.name, sequence)) }
        }
        var highest: [String: Int64] = [:]
        for use in users where use.table.hasPrefix(prefix) {
            let result = try connection.query(
                SQLStatement("SELECT max(\(dialect.quote(use.column))) FROM \(dialect.quote(use.table))"))
            let value = result.rows.first?.first?.integerValue ?? 0
            highest[use.sequence] = max(highest[use.sequence] ?? 0, value)
        }
        // An engine whose WSO2 script numbers rows with AUTO_INCREMENT (MySQL) keeps a counter per table,
        // named by the table, instead of named sequences.
        let counters = try Catalog.schema(for: .um, version: "2.6.0", engine: dialect.catalogEngine)
        if counters.sequences.isEmpty {
            for table in counters.tables where table.name.hasPrefix(prefix) {
                guard let column = table.columns.first(where: \.isAutoIncrement),
                    let use = users.first(where: { $0.table.sameSQLName(as: table.name) && $0.column.sameSQLName(as: column.name) })
                else { continue }
                _ = try connection.query(dialect.restartSequenceStatement(table.name, next: (highest[use.sequence] ?? 0) + 11))
            }
            return
        }
        for sequence in highest.keys.sorted() {
            // As on a server that has handed out (and lost to rollbacks) a few more ids.
            let last = (highest[sequence] ?? 0) + 10
            _ = try connection.query(dialect.restartSequenceStatement(sequence, next: last + 1))
        }
    }
}

/// Writes rows in multi-row INSERTs and counts them.
///
/// Rows are held per table and sent as `INSERT … VALUES (…), (…), …` of up to `maxRowsPerStatement`
/// rows, one round trip per statement instead of per row. Every flush writes all held tables parents
/// first (in the order of the legacy schema's foreign keys), so a row always finds the rows it
/// refers to, whether they went in an earlier flush or earlier in this one; within a table, rows keep
/// the order they were generated in, so ids from sequences and SQLite's rowids come out as with one
/// INSERT per row, and the data is the same.
final class RowWriter {
    let connection: any DatabaseConnection
    private(set) var report = LegacyDataReport()

    /// The rows held for one table, all with the same columns.
    private struct Pending {
        var columns: [String]
        var rows: [[SQLValue]] = []
    }

    private var pending: [String: Pending] = [:]
    /// Tables in the order a flush writes them: referenced tables before the tables that refer to them.
    private let order: [String: Int]
    private var heldRows = 0
    private var heldBytes = 0

    /// Rows per INSERT statement; fewer when the columns would pass `maxParameters`.
    static let maxRowsPerStatement = 500
    /// Bound parameters per statement, below SQLite's default limit (32766) and PostgreSQL's (65535).
    static let maxParameters = 30_000
    /// A flush starts when this many rows, or this many payload bytes, are held.
    static let flushRows = 20_000
    static let flushBytes = 8 << 20

    init(_ connection: any DatabaseConnection) throws {
        self.connection = connection
        order = Self.parentsFirst(try Catalog.schema(for: .um, version: "2.6.0"))
    }

    /// Inserts one row `copies` times; `values` pair with `columns`.
    func insert(_ table: String, _ columns: [String], _ values: [SQLValue], copies: Int = 1) throws {
        precondition(columns.count == values.count, "\(table): \(columns.count) columns, \(values.count) values")
        if let held = pending[table], held.columns != columns, !held.rows.isEmpty {
            // Another column list for the same table: what is held goes first, to keep the row order.
            try flush()
        }
        var size = 0
        for value in values {
            switch value {
            case .text(let text): size += text.utf8.count
            case .blob(let bytes): size += bytes.count
            default: break
            }
        }
        if pending[table]?.columns != columns { pending[table] = Pending(columns: columns) }
        for _ in 0..<copies {
            pending[table]!.rows.append(values)
            report.rows[table, default: 0] += 1
            report.bytes[table, default: 0] += size
        }
        heldRows += copies
        heldBytes += size * copies
        if heldRows >= Self.flushRows || heldBytes >= Self.flushBytes { try flush() }
    }

    /// Writes every held row, parents first.
    func flush() throws {
        let tables = pending.keys.filter { !(pending[$0]?.rows.isEmpty ?? true) }
            .sorted { (order[$0] ?? Int.max, $0) < (order[$1] ?? Int.max, $1) }
        for table in tables {
            guard let held = pending[table] else { continue }
            try write(table, held)
            pending[table]!.rows.removeAll(keepingCapacity: true)
        }
        heldRows = 0
        heldBytes = 0
    }

    private func write(_ table: String, _ held: Pending) throws {
        let dialect = connection.dialect
        let head = "INSERT INTO \(dialect.quote(table)) (\(held.columns.map { dialect.quote($0) }.joined(separator: ", "))) VALUES "
        let perStatement = max(1, min(Self.maxRowsPerStatement, Self.maxParameters / max(1, held.columns.count)))
        var start = 0
        while start < held.rows.count {
            let end = min(start + perStatement, held.rows.count)
            var sql = head
            var parameters: [SQLValue] = []
            parameters.reserveCapacity((end - start) * held.columns.count)
            for index in start..<end {
                sql += index == start ? "(" : ", ("
                for (position, value) in held.rows[index].enumerated() {
                    parameters.append(value)
                    sql += (position == 0 ? "" : ", ") + dialect.placeholder(parameters.count)
                }
                sql += ")"
            }
            try connection.run(SQLStatement(sql, parameters))
            start = end
        }
    }

    /// Each table's place in a parents-first order of the schema's foreign keys (self-references
    /// aside); tables in a cycle, if there were any, keep their schema order after the rest.
    static func parentsFirst(_ schema: Schema) -> [String: Int] {
        var parents: [String: Set<String>] = [:]
        for table in schema.tables {
            parents[table.name] = Set(table.foreignKeys.map(\.referencedTable).filter { $0 != table.name })
        }
        var placed: [String: Int] = [:]
        var remaining = schema.tables.map(\.name)
        while !remaining.isEmpty {
            let ready = remaining.filter { name in parents[name, default: []].allSatisfy { placed[$0] != nil } }
            let next = ready.isEmpty ? remaining : ready
            for name in next { placed[name] = placed.count }
            remaining.removeAll { placed[$0] != nil }
        }
        return placed
    }
}

extension SQLValue {
    /// Text, or NULL for nil.
    static func optional(_ text: String?) -> SQLValue { text.map { .text($0) } ?? .null }
    /// An integer from an `Int`.
    static func int(_ value: Int) -> SQLValue { .integer(Int64(value)) }
    /// An integer, or NULL for nil.
    static func optional(_ value: Int?) -> SQLValue { value.map { .integer(Int64($0)) } ?? .null }
}
