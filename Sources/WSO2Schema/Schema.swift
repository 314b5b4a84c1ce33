/// A whole database schema as WSO2 defines it: named sequences, tables in the order the
/// dbscripts create them, seed rows, and the functions and triggers some databases need.
///
/// A `Schema` is a plain value. It knows nothing about SQL dialects or connections; drivers
/// render it (see `SQLDialect` in the `SQLDriver` module) and inspectors read live databases
/// back into the same shape.
public struct Schema: Sendable, Hashable {
    /// The WSO2 name of the database, for example `WSO2_SHARED_DB`.
    public var name: String
    /// The product version this schema belongs to, for example `4.7.0`.
    public var version: String
    /// Named sequences, in creation order. Several columns, even of different tables, may draw
    /// from one sequence.
    public var sequences: [DatabaseSequence]
    /// Tables in creation order, each with its keys, foreign keys and indexes.
    public var tables: [Table]
    /// Rows the dbscripts insert when they create the database.
    public var seeds: [SeedRow]
    /// Stored functions (for example a plpgsql trigger function), per dialect.
    public var functions: [Function]
    /// Triggers, in creation order.
    public var triggers: [Trigger]

    /// Creates an empty schema; fill it with the builder initialiser or by appending.
    public init(
        name: String, version: String, sequences: [DatabaseSequence] = [], tables: [Table] = [],
        seeds: [SeedRow] = [], functions: [Function] = [], triggers: [Trigger] = []
    ) {
        self.name = name
        self.version = version
        self.sequences = sequences
        self.tables = tables
        self.seeds = seeds
        self.functions = functions
        self.triggers = triggers
    }

    /// The table with this name, compared case-insensitively as SQL does for unquoted names.
    public func table(named name: String) -> Table? {
        tables.first { $0.name.sameSQLName(as: name) }
    }

    /// The sequence with this name, compared case-insensitively.
    public func sequence(named name: String) -> DatabaseSequence? {
        sequences.first { $0.name.sameSQLName(as: name) }
    }

    /// Every index of every table, in creation order.
    public var indexes: [Index] { tables.flatMap(\.indexes) }

    /// Every foreign key of every table, in creation order.
    public var foreignKeys: [ForeignKey] { tables.flatMap(\.foreignKeys) }

    /// The schema of the named tables only (names compared without regard to case), with their triggers
    /// and seed rows, and every sequence and function: what a check of those tables holds a database to.
    public func restricted(to names: Set<String>) -> Schema {
        let wanted = Set(names.map { $0.uppercased() })
        var schema = self
        schema.tables = tables.filter { wanted.contains($0.name.uppercased()) }
        schema.triggers = triggers.filter { wanted.contains($0.table.uppercased()) }
        schema.seeds = seeds.filter { wanted.contains($0.table.uppercased()) }
        return schema
    }
}
