/// One way a live schema differs from the expected one.
public struct SchemaDifference: Sendable, Hashable {
    /// Whether the object is missing from the live database, there but not expected, or there but different.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case missing, extra, changed
    }

    /// One aspect of an object that differs, with both values spelled as a script would write them.
    public struct Change: Sendable, Hashable {
        /// What differs.
        public var aspect: Aspect
        /// The expected value.
        public var expected: String
        /// The value in the live database.
        public var actual: String

        public init(_ aspect: Aspect, expected: String, actual: String) {
            self.aspect = aspect
            self.expected = expected
            self.actual = actual
        }
    }

    /// The aspects the differ compares.
    public enum Aspect: String, Sendable, Hashable, CaseIterable {
        case type, length, nullability, `default`, name
        case columns, referencedTable = "referenced table", referencedColumns = "referenced columns"
        case onDelete = "on delete", onUpdate = "on update"
        case table, keys, uniqueness
        case start, increment, position
        case body, timing, events, function
        /// MySQL's storage details, which other engines leave unset on both sides.
        case collation, autoIncrement = "auto increment", onUpdateTimestamp = "on update current timestamp"
        case prefixes = "key prefixes", method = "index method"
    }

    /// What the difference is.
    public var kind: Kind
    /// The table the object belongs to; `nil` for sequences and functions.
    public var table: String?
    /// The object as expected; `nil` when it is extra.
    public var expected: SchemaElement?
    /// The object as found; `nil` when it is missing.
    public var actual: SchemaElement?
    /// For `changed`, each aspect that differs.
    public var changes: [Change]

    public init(
        _ kind: Kind, table: String?, expected: SchemaElement?, actual: SchemaElement?, changes: [Change] = []
    ) {
        self.kind = kind
        self.table = table
        self.expected = expected
        self.actual = actual
        self.changes = changes
    }

    /// The object, expected or found.
    public var element: SchemaElement {
        // One of the two is always set: a difference is about something that exists on at least one side.
        expected ?? actual!
    }

    /// The table the object belongs to, spelled as WSO2 spells it (see `String.wso2Spelling`).
    public var tableName: String? { table?.wso2Spelling }

    /// The object named for a reader, in WSO2's spelling: `column UM_USER.UM_USER_NAME`,
    /// `index REG_PATH_IND_BY_PATH_VALUE`.
    public var object: String {
        "\(element.kind) \(element.name(in: table))"
    }

    /// One line for a person: `changed  column UM_USER.UM_USER_NAME: length 255 expected, 100 found`.
    public var line: String {
        let kind = self.kind.rawValue + String(repeating: " ", count: max(0, 8 - self.kind.rawValue.count))
        guard !changes.isEmpty else { return "\(kind) \(object)" }
        let details = changes.map { "\($0.aspect.rawValue) \($0.expected) expected, \($0.actual) found" }
        return "\(kind) \(object): " + details.joined(separator: "; ")
    }

    /// Whether the change is in an aspect (for tests and for choosing a repair).
    public func changes(_ aspect: Aspect) -> Bool {
        changes.contains { $0.aspect == aspect }
    }
}

/// A schema object the differ can name as missing, extra or changed.
public enum SchemaElement: Sendable, Hashable {
    case table(Table)
    case column(Column)
    case primaryKey(PrimaryKey)
    case uniqueConstraint(UniqueConstraint)
    case foreignKey(ForeignKey)
    case index(Index)
    case sequence(DatabaseSequence)
    case function(Function)
    case trigger(Trigger)

    /// The kind of object, as a reader says it.
    public var kind: String {
        switch self {
        case .table: "table"
        case .column: "column"
        case .primaryKey: "primary key"
        case .uniqueConstraint: "unique constraint"
        case .foreignKey: "foreign key"
        case .index: "index"
        case .sequence: "sequence"
        case .function: "function"
        case .trigger: "trigger"
        }
    }

    /// The object's own name, or for an unnamed constraint its columns, spelled as WSO2 spells them (upper
    /// case), so that a name read from PostgreSQL (`um_user`) and one from the catalog (`UM_USER`) read alike.
    /// Function names keep their case: WSO2 writes its one function in lower case (`update_modified_column`).
    public func name(in table: String?) -> String {
        let owner = (table ?? "").wso2Spelling
        func list(_ names: [String]) -> String { names.map(\.wso2Spelling).joined(separator: ", ") }
        switch self {
        case .table(let table): return table.name.wso2Spelling
        case .column(let column): return "\(owner).\(column.name.wso2Spelling)"
        case .primaryKey(let key): return key.name?.wso2Spelling ?? "\(owner) (\(list(key.columns)))"
        case .uniqueConstraint(let unique): return unique.name?.wso2Spelling ?? "\(owner) (\(list(unique.columns)))"
        case .foreignKey(let key):
            return key.name?.wso2Spelling ?? "\(owner) (\(list(key.columns))) → \(key.referencedTable.wso2Spelling)"
        case .index(let index): return index.name.wso2Spelling
        case .sequence(let sequence): return sequence.name.wso2Spelling
        case .function(let function): return function.name
        case .trigger(let trigger): return trigger.name.wso2Spelling
        }
    }
}
