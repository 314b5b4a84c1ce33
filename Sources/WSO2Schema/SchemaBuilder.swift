/// Statements of a schema declaration, in the order WSO2's script runs them. The catalog is
/// written with these so that it can be read side by side with the dbscripts:
///
/// ```swift
/// Schema("WSO2_SHARED_DB", version: "4.7.0") {
///     DatabaseSequence("REG_LOG_PK_SEQ")
///     Table("REG_LOG") {
///         Column("REG_LOG_ID", .integer, .default(.nextval("REG_LOG_PK_SEQ")))
///         Column("REG_TENANT_ID", .integer, .default(0))
///         PrimaryKey("REG_LOG_ID", "REG_TENANT_ID")
///     }
///     CreateIndex("REG_LOG_IND_BY_REG_LOGTIME", on: "REG_LOG", "REG_LOGGED_TIME", "REG_TENANT_ID")
/// }
/// ```
public protocol SchemaStatement: Sendable {
    /// Applies the statement to the schema being declared. A statement that names a table not
    /// yet declared is a mistake in the catalog and stops the program: the catalog is code.
    func apply(to schema: inout Schema)
}

/// Parts of a `CREATE TABLE` body: columns and table constraints.
public protocol TableElement: Sendable {
    /// Adds the element to the table being declared.
    func apply(to table: inout Table)
}

/// Collects the statements of a schema declaration.
@resultBuilder
public enum SchemaBuilder {
    public static func buildExpression(_ statement: any SchemaStatement) -> [any SchemaStatement] { [statement] }
    public static func buildExpression(_ statements: [any SchemaStatement]) -> [any SchemaStatement] { statements }
    public static func buildBlock(_ parts: [any SchemaStatement]...) -> [any SchemaStatement] { parts.flatMap { $0 } }
    public static func buildArray(_ parts: [[any SchemaStatement]]) -> [any SchemaStatement] { parts.flatMap { $0 } }
}

/// Collects the elements of a `CREATE TABLE` body.
@resultBuilder
public enum TableBuilder {
    public static func buildExpression(_ element: any TableElement) -> [any TableElement] { [element] }
    public static func buildBlock(_ parts: [any TableElement]...) -> [any TableElement] { parts.flatMap { $0 } }
}

extension Schema {
    /// Declares a schema statement by statement, as WSO2's script creates it.
    public init(_ name: String, version: String, @SchemaBuilder _ statements: () -> [any SchemaStatement]) {
        self.init(name: name, version: version)
        for statement in statements() { statement.apply(to: &self) }
    }

    /// Runs `body` on the declared table named `name`.
    mutating func alterTable(_ name: String, _ body: (inout Table) -> Void) {
        guard let position = tables.firstIndex(where: { $0.name.sameSQLName(as: name) }) else {
            preconditionFailure("catalog error: \(self.name) \(version) refers to table \(name) before declaring it")
        }
        body(&tables[position])
    }
}

extension Table: SchemaStatement {
    /// Declares a table from its `CREATE TABLE` body.
    public init(_ name: String, @TableBuilder _ elements: () -> [any TableElement]) {
        self.init(name: name)
        for element in elements() { element.apply(to: &self) }
    }

    /// Declares a table with the storage options MySQL's scripts give (`ENGINE=…`, a default
    /// character set and collation); other engines ignore them.
    public init(_ name: String, engine: String?, collation: Collation? = nil, @TableBuilder _ elements: () -> [any TableElement]) {
        self.init(name, elements)
        self.engine = engine
        self.collation = collation
    }

    public func apply(to schema: inout Schema) { schema.tables.append(self) }
}

extension DatabaseSequence: SchemaStatement {
    public func apply(to schema: inout Schema) { schema.sequences.append(self) }
}

extension SeedRow: SchemaStatement {
    public func apply(to schema: inout Schema) { schema.seeds.append(self) }
}

extension Function: SchemaStatement {
    public func apply(to schema: inout Schema) { schema.functions.append(self) }
}

extension Trigger: SchemaStatement {
    public func apply(to schema: inout Schema) { schema.triggers.append(self) }
}

extension Index: SchemaStatement {
    public func apply(to schema: inout Schema) {
        schema.alterTable(table) { $0.indexes.append(self) }
    }
}

/// `CREATE [UNIQUE] INDEX name ON table (keys)` as a schema statement.
public func CreateIndex(_ name: String, on table: String, _ keys: IndexKey..., unique: Bool = false) -> Index {
    Index(name, on: table, keys, unique: unique)
}

/// `CREATE [UNIQUE] INDEX name ON table (keys) USING method` with MySQL's key prefixes
/// (`col(512)`), as a schema statement; other engines ignore prefixes and method.
public func CreateIndex(
    _ name: String, on table: String, _ keys: IndexKey..., unique: Bool = false, prefixLengths: [String: Int], method: String? = nil
) -> Index {
    var index = Index(name, on: table, keys, unique: unique)
    index.prefixLengths = prefixLengths
    index.method = method
    return index
}

/// `ALTER TABLE table ADD CONSTRAINT …` for a foreign key added after the table was created.
public struct AlterTable: SchemaStatement {
    /// The altered table.
    public var table: String
    /// The foreign key it gains.
    public var foreignKey: ForeignKey

    /// `ALTER TABLE table ADD [CONSTRAINT name] FOREIGN KEY …`.
    public init(_ table: String, add foreignKey: ForeignKey) {
        self.table = table
        self.foreignKey = foreignKey
    }

    public func apply(to schema: inout Schema) {
        schema.alterTable(table) { $0.foreignKeys.append(foreignKey) }
    }
}

extension Column: TableElement {
    public func apply(to table: inout Table) { table.columns.append(self) }
}

extension PrimaryKey: TableElement {
    public func apply(to table: inout Table) { table.primaryKey = self }
}

extension UniqueConstraint: TableElement {
    public func apply(to table: inout Table) { table.uniqueConstraints.append(self) }
}

extension ForeignKey: TableElement {
    public func apply(to table: inout Table) { table.foreignKeys.append(self) }
}
