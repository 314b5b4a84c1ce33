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
    }

    /// The API-M version the step starts from.
    public var from: String
    /// The API-M version the step brings the database to.
    public var version: String
    /// What the step does, for `wso2db status` and the history.
    public var description: String
    /// The work, in order.
    public var operations: [Operation]

    public init(from: String, to version: String, description: String, operations: [Operation]) {
        self.from = from
        self.version = version
        self.description = description
        self.operations = operations
    }

    /// Every schema change of the step, in order.
    public var schemaChanges: [SchemaChange] {
        operations.flatMap { operation -> [SchemaChange] in
            if case .schema(let changes) = operation { return changes }
            return []
        }
    }
}

/// The versioned steps, in order, per database.
public enum MigrationSteps {
    /// Steps of WSO2_SHARED_DB, starting from the legacy UM/REG databases of API-M 2.6.0.
    public static let shared: [MigrationStep] = [Shared4_0_0.step, Shared4_7_0.step]
}

/// Definitions taken from the catalog schema a step leads to, so that each table, column and key
/// is written once, in the catalog.
struct Target {
    let schema: Schema

    init(_ version: String) {
        // The catalog always holds the versions the steps lead to; a test builds every step.
        schema = try! Catalog.schema(for: .shared, version: version)
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
}
