import Migrations
import SQLDriver
import WSO2Catalog
import WSO2Schema

/// Which legacy database a table is taken from.
public enum LegacyRole: String, Sendable, CaseIterable {
    /// WSO2UM_DB: the user-management tables (`UM_*`).
    case um
    /// WSO2REG_DB: the registry tables (`REG_*`).
    case reg

    /// The command-line option that names this source.
    public var option: String { "--\(rawValue)" }

    /// The role whose tables a legacy table belongs to.
    static func of(table name: String) -> LegacyRole {
        name.uppercased().hasPrefix("REG_") ? .reg : .um
    }
}

/// How a 4.7.0 column the legacy table lacks is filled for the rows copied into it.
public enum Backfill: Sendable, Hashable {
    /// A fresh random UUID per row.
    case uuid(column: String)
    /// Numbers from the sequence's start, one per row; the sequence is set past them afterwards.
    case sequence(column: String, sequence: String)

    public var column: String {
        switch self {
        case .uuid(let column), .sequence(let column, _): column
        }
    }

    /// `uuid` or `sequence`, for reports.
    public var fill: String {
        switch self {
        case .uuid: "uuid"
        case .sequence: "sequence"
        }
    }

    /// The backfills per table, as the versioned migration steps state them: the merge does on the
    /// way what `migrate` does in place, so both are written once, in the steps.
    static let byTable: [String: [Backfill]] = {
        var result: [String: [Backfill]] = [:]
        for step in MigrationSteps.shared {
            for case .data(let change) in step.operations {
                switch change {
                case .fillWithUUIDs(let table, let column): result[table, default: []].append(.uuid(column: column))
                case .fillFromSequence(let table, let column, let sequence):
                    result[table, default: []].append(.sequence(column: column, sequence: sequence))
                case .insert, .fill, .copy, .replaceWithUUIDs: continue
                }
            }
        }
        return result
    }()
}

/// One table of the merge: where its rows come from and how they map onto 4.7.0.
struct TablePlan: Sendable {
    /// The 4.7.0 definition.
    var table: Table
    /// The source it is read from.
    var from: LegacyRole
    /// The table's name in the source, as the source spells it.
    var sourceTable: String
    /// The legacy columns, as 4.7.0 defines them, in 4.7.0's order: copied, hashed, compared.
    var columns: [Column]
    /// The same columns as the source spells them.
    var sourceColumns: [String]
    /// 4.7.0 columns the legacy table lacks that need a value per row.
    var backfills: [Backfill]
    /// How each legacy column's values are spelled canonically.
    var kinds: [ValueKind]
    /// The position of the tenant column among `columns`, if the table has one.
    var tenantField: Int?
    /// Rows in the source when the plan was made.
    var sourceRows: Int
    /// Whether rows may travel in the engines' own bulk format (`DatabaseConnection.nativeBulkFormat`), untouched: a table with
    /// binary content, no backfills, and every column in the same send format in source and target.
    var binaryTransfer = false

    var name: String { table.name }

    /// The positions among `columns` that may hold a value of `LargeValue.threshold` bytes or more,
    /// which a reader that can lends in pieces: binary columns, and text columns without a declared
    /// length (`TEXT`). A `VARCHAR(n)` of WSO2's schemas is far shorter.
    var mayBeLarge: [Int] { kinds.indices.filter { kinds[$0] == .binary || columns[$0].type == .text } }
}

/// Building the plan from the catalog and the sources' live schemas.
enum MergeMapping {
    /// The target schema: WSO2_SHARED_DB 4.7.0.
    static let targetVersion = "4.7.0"
    /// The legacy schema of API-M 2.6.0 (also 2.2.0 and 2.5.0), the one `wso2db-generate` fills.
    static let legacyVersion = "2.6.0"
    /// The releases a source may be at: the legacy UM/REG databases of API-M 2.x, and the shared database of
    /// 3.x, whose user store may still be a database of its own (`[database.user]`).
    static let sourceReleases = ["2.1.0", "2.2.0", "2.5.0", "2.6.0", "3.0.0", "3.1.0", "3.2.0"]

    /// The target schema as `engine`'s scripts write it: PostgreSQL's (the default) is what rows are planned,
    /// spelled and hashed by, the same whatever the engines; an engine's own is what its target is created as
    /// and verified against.
    static func targetSchema(engine: CatalogEngine = .postgresql) throws -> Schema {
        try Catalog.schema(for: .shared, version: targetVersion, engine: engine)
    }
    static func legacySchema() throws -> Schema { try Catalog.schema(for: .um, version: legacyVersion) }

    /// The schema of a source at `release` (one of `sourceReleases`): legacy for 2.x, shared for 3.x.
    static func sourceSchema(release: String, engine: CatalogEngine = .postgresql) throws -> Schema {
        try Catalog.schema(for: release.hasPrefix("2.") ? .um : .shared, version: release, engine: engine)
    }

    /// One plan per 4.7.0 table that the source's schema has too, in 4.7.0's order. `live` gives each
    /// source's live schema (its names); `rows` the row counts of its tables; `sources` the schema of the
    /// release each source is at. A column the source has is copied, whatever its width or nullability in the
    /// source (the checks before the merge refuse rows that do not fit); one it lacks is backfilled.
    static func tables(
        live: [LegacyRole: Schema], rows: [LegacyRole: [String: Int]], sources: [LegacyRole: Schema] = [:]
    ) throws -> [TablePlan] {
        let target = try targetSchema()
        return try target.tables.compactMap { table -> TablePlan? in
            let from = LegacyRole.of(table: table.name)
            guard let old = try (sources[from] ?? legacySchema()).table(named: table.name) else { return nil }
            guard let source = live[from]?.table(named: table.name) else { return nil }
            let columns = table.columns.filter { old.column(named: $0.name) != nil }
            // What the steps fill in place, for the columns this source's release does not have yet.
            let backfills = (Backfill.byTable[table.name] ?? []).filter { old.column(named: $0.column) == nil }
            // Every other new column must be one the database fills by itself.
            for column in table.columns where old.column(named: column.name) == nil && !backfills.contains(where: { $0.column == column.name }) {
                guard column.isNullable || column.defaultValue != nil else {
                    throw LegacyMerge.Failure.internalError(
                        "4.7.0 adds \(table.name).\(column.name), NOT NULL without a default, and no migration step fills it")
                }
            }
            let tenant = columns.firstIndex { ["UM_TENANT_ID", "REG_TENANT_ID"].contains($0.name.uppercased()) }
            let binary =
                backfills.isEmpty && columns.contains { $0.type == .binary }
                && columns.allSatisfy { column in
                    old.column(named: column.name).map { binaryFormat($0.type) != nil && binaryFormat($0.type) == binaryFormat(column.type) } ?? false
                }
            return TablePlan(
                table: table, from: from, sourceTable: source.name, columns: columns,
                sourceColumns: columns.map { column in source.column(named: column.name)?.name ?? column.name },
                backfills: backfills, kinds: columns.map { ValueKind($0.type) }, tenantField: tenant,
                sourceRows: rows[from]?[table.name.uppercased()] ?? 0, binaryTransfer: binary)
        }
    }

    /// The wire format of a type, for the types a native bulk format may carry from a 2.6.0 column into a
    /// 4.7.0 one (a wider VARCHAR is the same bytes); `nil` for the others.
    static func binaryFormat(_ type: ColumnType) -> String? {
        switch type {
        case .smallint: "int2"
        case .integer, .serial: "int4"
        case .bigint: "int8"
        case .varchar, .text: "text"
        case .boolean: "bool"
        case .binary: "bytea"
        default: nil
        }
    }

    /// The target schema as first created, before any row: on an engine that can add them later,
    /// without keys, unique constraints, foreign keys or indexes (loading is faster without them,
    /// and they are checked once, when added); on SQLite, which cannot, without indexes only.
    static func bare(_ schema: Schema, for dialect: any SQLDialect) -> Schema {
        var bare = schema
        for index in bare.tables.indices {
            bare.tables[index].indexes = []
            if dialect.addsConstraintsToExistingTables {
                // Key columns stay NOT NULL, as the key will make them.
                for column in bare.tables[index].primaryKey?.columns ?? [] {
                    if let position = bare.tables[index].columns.firstIndex(where: { $0.name.sameSQLName(as: column) }) {
                        bare.tables[index].columns[position].isNullable = false
                    }
                }
                bare.tables[index].primaryKey = nil
                // An AUTO_INCREMENT column must be a key (MySQL): it becomes one with its key, at the end.
                for position in bare.tables[index].columns.indices { bare.tables[index].columns[position].isAutoIncrement = false }
                bare.tables[index].uniqueConstraints = []
                bare.tables[index].foreignKeys = []
            }
        }
        return bare
    }
}
