import WSO2Catalog
import WSO2Schema

/// One versioned step of a database's upgrade path: from the schema of one API-M version to the next,
/// as typed schema changes with the data work that goes between them.
public struct MigrationStep: Sendable {
    /// What a step does, in order.
    public enum Operation: Sendable, Hashable {
        /// Structural changes, made together.
        case schema([SchemaChange])
        /// Data work, done after the changes before it and before those after it.
        case data(DataChange)
        /// SQL written per engine, for what the model cannot say (WSO2's PostgreSQL scripts use
        /// `DO $$ … $$` blocks), with the structural effect it has so that verification expects it.
        case sql(RawSQL)
    }

    /// The database whose upgrade path the step is on (`.shared` also for the legacy UM/REG databases it grows from).
    public var database: WSO2Database
    /// The API-M version the step starts from.
    public var from: String
    /// The API-M version the step brings the database to.
    public var version: String
    /// What the step does, for `wso2db status` and the history.
    public var description: String
    /// The work, in order.
    public var operations: [Operation]
    /// Checksums earlier wso2db releases recorded for this very step, computed another way
    /// (before `StepText`): a history row holding one of them is this step, applied.
    public var formerChecksums: [String]
    /// Checksums of retired steps that led to this step's version from an older release in one go, before
    /// the path was split into a step per release: a history row of this version holding one of them records
    /// the same schema, reached by the retired step. It is not a changed step, and `--repair` leaves it as it is.
    public var replacedChecksums: [String]

    public init(
        from: String, to version: String, description: String, operations: [Operation], formerChecksums: [String] = [],
        replacedChecksums: [String] = [], database: WSO2Database = .shared
    ) {
        self.database = database
        self.from = from
        self.version = version
        self.description = description
        self.operations = operations
        self.formerChecksums = formerChecksums
        self.replacedChecksums = replacedChecksums
    }

    /// Columns (`TABLE.COLUMN`, upper case) the step's raw SQL gives a value in every row, so that a NOT NULL rule on
    /// them that comes later in the step rejects no row: the pre-check leaves them out. The data changes
    /// that fill a column say so themselves (`DataChange.filledColumn`).
    public var valuesGivenBySQL: Set<String> = []

    /// What the upgrade to `version` still needs that the step does not do, for the user to run with WSO2's tools
    /// (its migration clients, re-indexing): listed in the run's report. Not part of the step's text.
    public var leftToWSO2: [String] = []

    /// Every column the step gives a value in every row before its rules apply.
    public var filledColumns: Set<String> {
        var columns = valuesGivenBySQL
        for case .data(let change) in operations { if let column = change.filledColumn { columns.insert(column) } }
        return columns
    }

    /// Every schema change of the step, in order, with the effects the raw SQL declares.
    public var schemaChanges: [SchemaChange] {
        operations.flatMap { operation -> [SchemaChange] in
            switch operation {
            case .schema(let changes): changes
            case .sql(let raw): raw.effect
            case .data: []
            }
        }
    }

    /// The step's checksum: a 64-bit FNV-1a digest of its `StepText`, in hex. Not a security measure:
    /// it tells that a released step was changed.
    public var checksum: String { Checksum.of(StepText.of(self)) }

    /// Whether a checksum recorded in a history row is this step's, now or as an earlier release recorded it,
    /// or a retired step's that this one (with the steps before it) replaces.
    public func isChecksum(_ recorded: String) -> Bool {
        recorded == checksum || formerChecksums.contains(recorded) || replacedChecksums.contains(recorded)
    }
}

/// SQL the model cannot express, written for each engine it runs on.
public struct RawSQL: Sendable, Hashable {
    /// What it does, for the dry run and for errors.
    public var description: String
    /// The statements per engine, keyed by `SQLDialect.engineID` (`postgresql`, `sqlite`, `mysql`).
    /// An engine without an entry cannot run the step: the run stops with an error naming it.
    public var statements: [String: [String]]
    /// The structural changes the SQL makes, applied to the model so that the step's result is
    /// verified against the catalog; empty for pure data work.
    public var effect: [SchemaChange]
    /// Set when the SQL may lose data: what it loses. Such SQL needs the user's consent, when it would lose rows.
    public var destroys: String?
    /// For SQL that `destroys`: how to count the rows it would delete, so that consent is asked only when there
    /// are any. Without it, such SQL always needs consent. Not part of the step's text: it changes nothing.
    public var lossCount: LossCount?

    public init(
        _ description: String, statements: [String: [String]], effect: [SchemaChange] = [], destroys: String? = nil, lossCount: LossCount? = nil
    ) {
        self.description = description
        self.statements = statements
        self.effect = effect
        self.destroys = destroys
        self.lossCount = lossCount
    }
}

/// How many rows a destructive `RawSQL` would delete: a query per engine (keyed like `RawSQL.statements`) that gives
/// one number, read just before the SQL could run. Where a table it reads is not there yet when the run is planned
/// (an earlier step of the same run creates it), the count is taken when the step starts instead.
public struct LossCount: Sendable, Hashable {
    /// The tables the query reads.
    public var tables: [String]
    /// The query per engine.
    public var statements: [String: String]

    public init(tables: [String], statements: [String: String]) {
        self.tables = tables
        self.statements = statements
    }
}

/// The versioned steps, in order, per database.
public enum MigrationSteps {
    /// Steps of WSO2_SHARED_DB, one per release whose kernel script changed the schema, starting from the legacy
    /// UM/REG databases of API-M 2.1.0: 2.1.0 → 2.6.0 → 3.0.0 → 3.2.0 → 4.0.0 → 4.1.0 → 4.7.0.
    public static let shared: [MigrationStep] = [
        Shared2_6_0.step, Shared3_0_0.step, Shared3_2_0.step, Shared4_0_0.step, Shared4_1_0.step, Shared4_7_0.step,
    ]
}

/// Definitions taken from the catalog schema a step leads to, so that each table, column and key
/// is written once, in the catalog.
struct Target {
    let schema: Schema

    /// The schema of `database` at `version`; the legacy releases (2.1.0–2.6.0) of the shared path are
    /// in the catalog as the UM/REG schema.
    init(_ version: String, of database: WSO2Database = .shared) {
        let legacy = database == .shared && !Catalog.versions(of: .shared).contains(version)
        // The catalog always holds the versions the steps lead to; a test builds every step.
        schema = try! Catalog.schema(for: legacy ? .um : database, version: version)
    }

    func table(_ name: String) -> Table {
        guard let table = schema.table(named: name) else { preconditionFailure("no table \(name) in the catalog") }
        return table
    }

    func column(_ table: String, _ name: String) -> Column {
        guard let column = self.table(table).column(named: name) else { preconditionFailure("no column \(table).\(name)") }
        return column
    }

    /// The column as it is first added: nullable and without a default, to be filled before its rules apply.
    func bareColumn(_ table: String, _ name: String) -> Column {
        var column = column(table, name)
        column.isNullable = true
        column.defaultValue = nil
        return column
    }

    func unique(_ table: String, _ columns: String...) -> UniqueConstraint {
        guard let unique = self.table(table).uniqueConstraints.first(where: { $0.columns.map { $0.uppercased() } == columns })
        else { preconditionFailure("no unique constraint \(table) \(columns)") }
        return unique
    }

    func index(_ name: String) -> Index {
        guard let index = schema.indexes.first(where: { $0.name.sameSQLName(as: name) }) else { preconditionFailure("no index \(name)") }
        return index
    }

    func sequence(_ name: String) -> DatabaseSequence {
        guard let sequence = schema.sequence(named: name) else { preconditionFailure("no sequence \(name)") }
        return sequence
    }

    func seeds(_ table: String) -> [SeedRow] {
        schema.seeds.filter { $0.table.sameSQLName(as: table) }
    }

    /// The column with the target's type and default, still nullable: its rule applies once rows have a value.
    func looseColumn(_ table: String, _ name: String) -> Column {
        var column = column(table, name)
        column.isNullable = true
        return column
    }

    func primaryKey(_ table: String) -> PrimaryKey {
        guard let key = self.table(table).primaryKey else { preconditionFailure("no primary key on \(table)") }
        return key
    }

    /// The foreign key of `table` with this name, or, for an unnamed one, on exactly these columns.
    func foreignKey(_ table: String, name: String? = nil, _ columns: String...) -> ForeignKey {
        let found = self.table(table).foreignKeys.first { key in
            if let name { return key.name?.sameSQLName(as: name) == true }
            return key.name == nil && key.columns.map { $0.uppercased() } == columns
        }
        guard let found else { preconditionFailure("no foreign key \(table) \(name ?? columns.joined(separator: ", "))") }
        return found
    }

    /// The table without the foreign keys the step adds later, once the keys they point at exist.
    func table(_ name: String, withoutForeignKeysOn columns: [[String]]) -> Table {
        var table = table(name)
        table.foreignKeys.removeAll { key in columns.contains(key.columns.map { $0.uppercased() }) }
        return table
    }

    func function(_ name: String) -> Function {
        guard let function = schema.functions.first(where: { $0.name.sameSQLName(as: name) }) else { preconditionFailure("no function \(name)") }
        return function
    }

    func trigger(_ name: String, on table: String) -> Trigger {
        guard let trigger = schema.triggers.first(where: { $0.name.sameSQLName(as: name) && $0.table.sameSQLName(as: table) })
        else { preconditionFailure("no trigger \(name) on \(table)") }
        return trigger
    }
}
