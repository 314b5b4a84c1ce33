import WSO2Schema

/// How one engine spells SQL, and what it can do. Shared code asks a dialect "can you?" and
/// "how do you write this?", never "who are you?".
public protocol SQLDialect: Sendable {
    /// The engine's name, for messages only.
    var engineName: String { get }
    /// The key a migration step's per-engine SQL is found under (`postgresql`, `sqlite`, `mysql`);
    /// by default the engine's name in lower case.
    var engineID: String { get }
    /// Whether DDL takes part in transactions, so that a failed `create` leaves nothing behind.
    var supportsTransactionalDDL: Bool { get }
    /// Whether two sessions may write to different tables at the same time (SQLite has one writer
    /// per database file). False unless the dialect says otherwise.
    var writesTablesAtOnce: Bool { get }
    /// Whether the engine has sequence objects (otherwise the dialect emulates them).
    var hasNativeSequences: Bool { get }
    /// Whose WSO2 scripts this engine's databases are held against: PostgreSQL's unless WSO2 writes scripts
    /// for the engine itself (MySQL), so that "as WSO2's script" means that engine's script.
    var catalogEngine: CatalogEngine { get }

    /// The placeholder for the parameter at `position` (1-based).
    func placeholder(_ position: Int) -> String
    /// The name as the engine stores it when WSO2's script writes it unquoted.
    func storedName(_ name: String) -> String
    /// How a boolean is written in a script or a default (`TRUE`, or `1` where there is no boolean type).
    func booleanLiteral(_ flag: Bool) -> String
    /// How binary data is written in a script.
    func blobLiteral(_ bytes: [UInt8]) -> String

    // Spellings with a default below; requirements, so that an engine's own spelling is reached
    // through `any SQLDialect` too.

    /// A quoted identifier for a name exactly as given (default: in double quotes, doubled inside).
    func quoteExactly(_ name: String) -> String
    /// A quoted identifier for a name WSO2 writes unquoted: folded as the engine folds it, then quoted.
    func quote(_ name: String) -> String
    /// A string literal (default: in single quotes, doubled inside).
    func stringLiteral(_ text: String) -> String
    /// A literal for printing a script. Execution never uses this: values travel as parameters.
    func literal(_ value: SQLValue) -> String
    /// An expression that reads `expression` as text (default: `CAST(… AS TEXT)`).
    func castToText(_ expression: String) -> String
    /// The length in bytes of the value of `expression`, read where the engine can without fetching
    /// the value (default: `octet_length(…)`).
    func byteLength(_ expression: String) -> String
    /// `expression`, or NULL where its value is text or bytes, told without fetching those: for a look
    /// at a column for values of other types, where the engine keeps any value in any column (SQLite).
    /// `nil` where a column holds only values of its type (default).
    func valueUnlessTextOrBytes(_ expression: String) -> String?
    /// A text column (quoted) as a key compared by `comparison` groups it; `nil` when this engine
    /// cannot say it (by default: a MySQL collation), so that the caller asks the target instead of
    /// grouping by another rule.
    func compared(_ quotedColumn: String, by comparison: KeyComparison) -> String?
    /// An `INSERT` of one row of already spelled values; with `ignoringConflicts`, a row whose key
    /// exists already is left alone instead (default: `ON CONFLICT DO NOTHING`).
    func insertSQL(into quotedTable: String, columns: [String], values: [String], ignoringConflicts: Bool) -> String
    /// `CREATE [UNIQUE] INDEX` for one index.
    func createIndexStatement(_ index: Index) -> DDLStatement
    /// The statement that drops an index of `table` (default: `DROP INDEX name`).
    func dropIndexSQL(_ name: String, table: String) -> String
    /// The statement that drops a temporary table of this session (quoted), and nothing else: no
    /// commit of the transaction under way (default: `DROP TABLE`).
    func dropTemporaryTableSQL(_ quotedTable: String) -> String
    /// The statements that create one named sequence (default: `CREATE SEQUENCE`).
    func createSequenceStatements(_ sequence: DatabaseSequence) -> [DDLStatement]
    /// A script line that makes the sequence hand out `next` next, for a printed repair (default:
    /// `ALTER SEQUENCE … RESTART WITH next`).
    func restartSequenceSQL(_ sequence: String, next: Int64) -> String
    /// The statements that rename a table; `table` is its definition under the new name
    /// (default: `ALTER TABLE … RENAME TO …`).
    func renameTableStatements(from old: String, to table: Table) -> [RepairStatement]
    /// The statements that rename a column of `table` (its definition after the rename)
    /// (default: `ALTER TABLE … RENAME COLUMN … TO …`).
    func renameColumnStatements(in table: Table, from old: String, to new: String) -> [RepairStatement]
    /// The statements that rename an index; `index` is its definition under the new name
    /// (default: `ALTER INDEX … RENAME TO …`).
    func renameIndexStatements(from old: String, to index: Index) -> [RepairStatement]

    /// Everything that creates `schema`, in execution order.
    func createStatements(for schema: Schema) -> [DDLStatement]

    /// Statements that prepare the place the tool's own bookkeeping lives (a schema, nothing).
    func bookkeepingSetup() -> [String]
    /// The quoted, qualified name of a bookkeeping table such as `schema_history`.
    func bookkeepingTable(_ name: String) -> String
    /// `CREATE TABLE IF NOT EXISTS` for a bookkeeping table (default: columns and primary key).
    func createBookkeepingTable(_ table: Table) -> String
    /// A query whose one value is 1 when the bookkeeping table exists, 0 otherwise.
    func bookkeepingTableExists(_ name: String) -> SQLStatement
    /// A column definition inside `CREATE TABLE`: name, type, default, nullability.
    func columnDefinition(_ column: Column, in table: Table) -> String

    /// `schema` as this engine's inspector reads back a database created from it: what the engine
    /// decides for itself (PostgreSQL's generated constraint names, SQLite's SERIAL as a rowid or
    /// an emulated sequence) is made explicit, so that the differ compares like with like.
    func inspectedForm(of schema: Schema) -> Schema

    /// The inverse of `inspectedForm(of:)`: `schema`, read from a database a script built, with every
    /// name the engine chose by itself taken out, so that it says only what the script wrote (the
    /// catalog generator's view). By default the schema as it is.
    func declaredForm(of schema: Schema) -> Schema

    /// An expression that orders a freshly filled table's rows as they were inserted (PostgreSQL's
    /// `ctid`), where the engine has one; `nil` where a plain scan already returns them in key order,
    /// which is insertion order for the generated keys seed rows get.
    var insertionOrder: String? { get }

    /// The statements, in a safe order, that turn `actual` into `expected` given the differences
    /// between them (both in inspected form), to run inside one transaction. They never drop a
    /// table or a column unless `allowingDestructive`; such statements are marked with what they
    /// would destroy. Used both to repair drift and to carry out migration steps.
    func changeStatements(
        for differences: [SchemaDifference], expected: Schema, actual: Schema, allowingDestructive: Bool
    ) -> [RepairStatement]

    /// Whether keys, unique constraints and foreign keys can be added to an existing table (else
    /// they are declared in `CREATE TABLE`, and adding one later means rebuilding the table).
    var addsConstraintsToExistingTables: Bool { get }

    /// The statement that starts a transaction holding the engine's write lock.
    var beginTransactionSQL: String { get }

    /// The statement that starts a read-only transaction seeing one consistent snapshot of the
    /// whole database, for reading a source that others may be writing meanwhile.
    var snapshotTransactionSQL: String { get }

    /// How foreign-key enforcement is switched off around a change that rebuilds tables, and how
    /// the result is checked before commit; `nil` where changes never need it.
    var foreignKeySwitch: ForeignKeySwitch? { get }

    /// How to add foreign keys to full tables without the engine checking every row as it adds
    /// each key, for a writer that checks the rows itself, key by key, before it records its end
    /// (`orphanedRowsQuery`); `nil` where adding a key costs no more than checking it.
    var uncheckedForeignKeyAdds: (off: String, on: String)? { get }

    /// One query returning the position in `keys` of each foreign key some row breaks (see the default).
    func orphanedRowsQuery(for keys: [(table: String, key: ForeignKey)]) -> String?

    /// A SQL expression for a fresh random UUID (version 4) as lower-case text.
    var uuidExpression: String { get }

    /// One query for the values the sequences will hand out next: a row per sequence, its position
    /// in `sequences` and its next value. Every one of `sequences` exists; there is at least one.
    func nextSequenceValuesQuery(_ sequences: [String]) -> SQLStatement

    /// A statement (run as a query) that makes the sequence hand out `next` next.
    func restartSequenceStatement(_ sequence: String, next: Int64) -> SQLStatement

    /// The statements that give every NULL in the column the next value of the sequence, and move
    /// the sequence past them (the one piece of data work whose SQL differs by engine).
    func fillFromSequenceStatements(table: String, column: String, sequence: String) -> [RepairStatement]
}

/// Foreign-key enforcement switched off outside a transaction and checked inside it.
public struct ForeignKeySwitch: Sendable {
    /// Runs outside the transaction, before it.
    public var off: String
    /// Runs outside the transaction, after it.
    public var on: String
    /// A query, run before commit, that returns one row per row that breaks a foreign key.
    public var check: String

    public init(off: String, on: String, check: String) {
        self.off = off
        self.on = on
        self.check = check
    }
}

/// The stage of creating a schema a statement belongs to. Later operations (a merge that creates
/// tables first and indexes last) pick the stages they need.
public enum DDLPhase: Int, Sendable, Comparable, CaseIterable {
    case sequences, tables, indexes, foreignKeys, routines, triggers, seeds

    public static func < (lhs: DDLPhase, rhs: DDLPhase) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A value in an `INSERT`: a parameter, or the server's current time.
public enum InsertValue: Sendable, Hashable {
    case value(SQLValue)
    case currentTimestamp
}

/// One statement of a schema's DDL.
public struct DDLStatement: Sendable, Hashable {
    /// The stage it belongs to.
    public var phase: DDLPhase
    /// The object it creates, for messages (`table REG_LOG`).
    public var object: String
    /// What to execute, with parameters for any values.
    public var statement: SQLStatement
    /// The same statement as a script line, with values written as literals.
    public var script: String

    /// A statement without values: executed and printed the same way.
    public init(_ phase: DDLPhase, _ object: String, _ sql: String) {
        self.phase = phase
        self.object = object
        self.statement = SQLStatement(sql)
        self.script = sql
    }

    /// A statement with values.
    public init(_ phase: DDLPhase, _ object: String, statement: SQLStatement, script: String) {
        self.phase = phase
        self.object = object
        self.statement = statement
        self.script = script
    }
}

extension SQLDialect {
    public var catalogEngine: CatalogEngine { .postgresql }

    public var writesTablesAtOnce: Bool { false }

    public func declaredForm(of schema: Schema) -> Schema { schema }

    public var insertionOrder: String? { nil }

    public var engineID: String { engineName.lowercased() }

    public func byteLength(_ expression: String) -> String { "octet_length(\(expression))" }

    public func valueUnlessTextOrBytes(_ expression: String) -> String? { nil }

    public func castToText(_ expression: String) -> String {
        "CAST(\(expression) AS TEXT)"
    }

    /// As stored, or by bytes: every engine but MySQL compares text of its keys by bytes (PostgreSQL's
    /// deterministic collations, SQLite's `BINARY`).
    public func compared(_ quotedColumn: String, by comparison: KeyComparison) -> String? {
        if case .collation = comparison { return nil }
        return quotedColumn
    }

    /// A quoted identifier for a name WSO2 writes unquoted: folded as the engine folds it, then
    /// quoted, so that no name is ever interpreted as SQL.
    public func quote(_ name: String) -> String {
        quoteExactly(storedName(name))
    }

    /// A literal for printing a script. Execution never uses this: values travel as parameters.
    public func literal(_ value: SQLValue) -> String {
        switch value {
        case .null: "NULL"
        case .integer(let number): String(number)
        case .double(let number): String(number)
        case .text(let text): stringLiteral(text)
        case .boolean(let flag): booleanLiteral(flag)
        case .blob(let bytes): blobLiteral(bytes)
        }
    }

    /// A quoted identifier for a name exactly as given.
    public func quoteExactly(_ name: String) -> String {
        "\"" + name.replacingAll("\"", with: "\"\"") + "\""
    }

    /// Quoted names joined by commas.
    public func quoteList(_ names: [String]) -> String {
        names.map(quote).joined(separator: ", ")
    }

    /// The whole schema as one script, each statement ended by `;` on its own line.
    public func script(for schema: Schema) -> String {
        script(of: createStatements(for: schema))
    }

    /// Statements as a script, each ended by `;` on its own line.
    public func script(of statements: [DDLStatement]) -> String {
        statements.map { $0.script + ";\n" }.joined()
    }

    /// `INSERT` for a seed row; `CURRENT_TIMESTAMP` stays a keyword, other values are parameters.
    public func seedStatement(_ seed: SeedRow) -> DDLStatement {
        let values: [InsertValue] = seed.values.map { value in
            switch value {
            case .currentTimestamp: .currentTimestamp
            case .null: .value(.null)
            case .integer(let number): .value(.integer(Int64(number)))
            case .string(let text): .value(.text(text))
            }
        }
        return insertStatement(
            .seeds, "seed row in \(seed.table)", into: quote(seed.table), columns: seed.columns, values: values,
            ignoringConflicts: seed.ignoresConflicts)
    }

    /// An `INSERT` of one row into an already quoted table name: executed with parameters, printed
    /// with literals.
    public func insertStatement(
        _ phase: DDLPhase, _ object: String, into quotedTable: String, columns: [String], values: [InsertValue],
        ignoringConflicts: Bool = false
    ) -> DDLStatement {
        var parameters: [SQLValue] = []
        var executed: [String] = []
        var printed: [String] = []
        for value in values {
            switch value {
            case .currentTimestamp:
                executed.append("CURRENT_TIMESTAMP")
                printed.append("CURRENT_TIMESTAMP")
            case .value(let parameter):
                parameters.append(parameter)
                executed.append(placeholder(parameters.count))
                printed.append(literal(parameter))
            }
        }
        return DDLStatement(
            phase, object,
            statement: SQLStatement(
                insertSQL(into: quotedTable, columns: columns, values: executed, ignoringConflicts: ignoringConflicts), parameters),
            script: insertSQL(into: quotedTable, columns: columns, values: printed, ignoringConflicts: ignoringConflicts))
    }

    public func insertSQL(into quotedTable: String, columns: [String], values: [String], ignoringConflicts: Bool) -> String {
        "INSERT INTO \(quotedTable) (\(quoteList(columns))) VALUES (" + values.joined(separator: ", ") + ")"
            + (ignoringConflicts ? " ON CONFLICT DO NOTHING" : "")
    }

    public func dropIndexSQL(_ name: String, table: String) -> String {
        "DROP INDEX \(quote(name))"
    }

    public func dropTemporaryTableSQL(_ quotedTable: String) -> String { "DROP TABLE \(quotedTable)" }

    public func createSequenceStatements(_ sequence: DatabaseSequence) -> [DDLStatement] {
        var sql = "CREATE SEQUENCE \(quote(sequence.name))"
        if sequence.increment != 1 { sql += " INCREMENT BY \(sequence.increment)" }
        if sequence.start != 1 { sql += " START WITH \(sequence.start)" }
        return [DDLStatement(.sequences, "sequence \(sequence.name)", sql)]
    }

    public func restartSequenceSQL(_ sequence: String, next: Int64) -> String {
        "ALTER SEQUENCE \(quote(sequence)) RESTART WITH \(next)"
    }

    public func renameTableStatements(from old: String, to table: Table) -> [RepairStatement] {
        [RepairStatement("ALTER TABLE \(quote(old)) RENAME TO \(quote(table.name))")]
    }

    public func renameColumnStatements(in table: Table, from old: String, to new: String) -> [RepairStatement] {
        [RepairStatement("ALTER TABLE \(quote(table.name)) RENAME COLUMN \(quote(old)) TO \(quote(new))")]
    }

    public func renameIndexStatements(from old: String, to index: Index) -> [RepairStatement] {
        [RepairStatement("ALTER INDEX \(quote(old)) RENAME TO \(quote(index.name))")]
    }

    /// `CREATE [UNIQUE] INDEX` for one index.
    public func createIndexStatement(_ index: Index) -> DDLStatement {
        let unique = index.isUnique ? "UNIQUE " : ""
        let keys = index.keys.map(indexKeySQL).joined(separator: ", ")
        return DDLStatement(
            .indexes, "index \(index.name)", "CREATE \(unique)INDEX \(quote(index.name)) ON \(quote(index.table)) (\(keys))")
    }

    /// `CREATE TABLE IF NOT EXISTS` for a bookkeeping table, which has no foreign keys or indexes.
    public func createBookkeepingTable(_ table: Table) -> String {
        var parts = table.columns.map { columnDefinition($0, in: table) }
        if let key = table.primaryKey { parts.append("PRIMARY KEY (\(quoteList(key.columns)))") }
        return "CREATE TABLE IF NOT EXISTS \(bookkeepingTable(table.name)) (" + parts.joined(separator: ", ") + ")"
    }

    /// The SQL spelling of a referential action, or `nil` for the default (`NO ACTION`).
    public func referentialClause(_ foreignKey: ForeignKey) -> String {
        var clause = ""
        if foreignKey.onDelete != .noAction { clause += " ON DELETE \(foreignKey.onDelete.rawValue)" }
        if foreignKey.onUpdate != .noAction { clause += " ON UPDATE \(foreignKey.onUpdate.rawValue)" }
        return clause
    }

    /// The SQL for one index key.
    public func indexKeySQL(_ key: IndexKey) -> String {
        switch key {
        case .column(let name): quote(name)
        case .function(let function, let column): "\(function.rawValue)(\(quote(column)))"
        case .expression(let text): "(\(text))"
        }
    }

    /// A string literal, with quotes doubled.
    public func stringLiteral(_ text: String) -> String {
        "'" + text.replacingAll("'", with: "''") + "'"
    }
}

extension String {
    /// Every occurrence of `target` replaced by `replacement` (no Foundation in this module's API).
    public func replacingAll(_ target: Character, with replacement: String) -> String {
        var result = ""
        result.reserveCapacity(count)
        for character in self {
            if character == target { result += replacement } else { result.append(character) }
        }
        return result
    }
}

/// One statement of a script that brings a live database back to its expected schema.
public struct RepairStatement: Sendable, Hashable {
    /// The statement as printed, or a comment line (starting with `--`) where there is nothing to run.
    public var sql: String
    /// The statement as executed: the same text, or with its values as parameters.
    public var statement: SQLStatement
    /// Set when running the statement may destroy data (dropping a table or column): the reason,
    /// naming what would be lost. Such statements are printed commented out unless the user allows
    /// destructive repairs.
    public var destroys: String?
    /// Whether foreign-key enforcement must be off while it runs (a table rebuild).
    public var needsForeignKeysOff: Bool
    /// Whether the engine may have made the change by itself before the statement runs (MySQL drops an index it
    /// made for a foreign key as soon as another index serves the key): where DDL is journalled, the statement
    /// finding its change in place (`DatabaseError.Code.alreadyInPlace`) counts as done. The result is verified.
    public var mayBeDoneAlready = false

    public init(_ sql: String, destroys: String? = nil, needsForeignKeysOff: Bool = false) {
        self.sql = sql
        self.statement = SQLStatement(sql)
        self.destroys = destroys
        self.needsForeignKeysOff = needsForeignKeysOff
    }

    /// A statement with values, printed with literals and executed with parameters.
    public init(_ statement: DDLStatement) {
        self.sql = statement.script
        self.statement = statement.statement
        self.destroys = nil
        self.needsForeignKeysOff = false
    }

    /// Whether there is anything to execute.
    public var isComment: Bool { sql.hasPrefix("--") }
}

extension SQLDialect {
    public var uncheckedForeignKeyAdds: (off: String, on: String)? { nil }

    /// One query over every foreign key of `schema` that returns the position (in `keys`) of each key
    /// some row breaks: a row whose key columns are all set and match no row of the referenced
    /// table (as the engine itself checks keys, MATCH SIMPLE). Each key stops at its first such row.
    public func orphanedRowsQuery(for keys: [(table: String, key: ForeignKey)]) -> String? {
        guard !keys.isEmpty else { return nil }
        return keys.enumerated().map { position, entry in
            "SELECT \(position) AS k FROM (SELECT 1 AS x FROM \(quote(entry.table)) c WHERE \(orphanCondition(entry.key)) LIMIT 1) o\(position)"
        }.joined(separator: " UNION ALL ")
    }

    /// The condition on a row of the key's table, aliased `c`, that it breaks `key`: its key columns are all
    /// set and no row of the referenced table (aliased `p` inside) matches them.
    public func orphanCondition(_ key: ForeignKey) -> String {
        let present = key.columns.map { "c.\(quote($0)) IS NOT NULL" }
        let match = zip(key.columns, key.referencedColumns).map { "p.\(quote($1)) = c.\(quote($0))" }.joined(separator: " AND ")
        return (present + ["NOT EXISTS (SELECT 1 FROM \(quote(key.referencedTable)) p WHERE \(match))"]).joined(separator: " AND ")
    }

    /// The changes as one transaction, with foreign keys switched off around it and checked before
    /// the commit when a change needs that; where DDL is not transactional, the changes as they are.
    public func transaction(of body: [RepairStatement]) -> [RepairStatement] {
        guard !body.isEmpty else { return [] }
        let switchesOff = body.contains(where: \.needsForeignKeysOff) ? foreignKeySwitch : nil
        var statements: [RepairStatement] = []
        if let switchesOff { statements.append(RepairStatement(switchesOff.off)) }
        // Where DDL commits by itself, a transaction around it would only pretend.
        statements.append(
            supportsTransactionalDDL
                ? RepairStatement(beginTransactionSQL) : RepairStatement("-- \(engineName) commits DDL by itself: these statements are not one transaction"))
        statements += body
        if let switchesOff {
            statements.append(RepairStatement("-- lists every row that breaks a foreign key; it must list none"))
            statements.append(RepairStatement(switchesOff.check))
        }
        if supportsTransactionalDDL { statements.append(RepairStatement("COMMIT")) }
        if let switchesOff { statements.append(RepairStatement(switchesOff.on)) }
        return statements
    }

    /// The statements that do a piece of data work.
    public func dataStatements(for change: DataChange) -> [RepairStatement] {
        switch change {
        case .fillWithUUIDs(let table, let column):
            [RepairStatement("UPDATE \(quote(table)) SET \(quote(column)) = \(uuidExpression) WHERE \(quote(column)) IS NULL")]
        case .fillFromSequence(let table, let column, let sequence):
            fillFromSequenceStatements(table: table, column: column, sequence: sequence)
        case .insert(let seed):
            [RepairStatement(seedStatement(seed))]
        case .fill(let table, let column, let value):
            [RepairStatement(fillStatement(table: table, column: column, value: value))]
        case .replaceWithUUIDs(let table, let column):
            [RepairStatement("UPDATE \(quote(table)) SET \(quote(column)) = \(uuidExpression)")]
        case .copy(let table, let column, let from):
            [RepairStatement("UPDATE \(quote(table)) SET \(quote(column)) = \(quote(from)) WHERE \(quote(column)) IS NULL")]
        }
    }

    /// `UPDATE … SET column = value WHERE column IS NULL`: executed with the value as a parameter, printed with a literal.
    func fillStatement(table: String, column: String, value: SeedValue) -> DDLStatement {
        let update = "UPDATE \(quote(table)) SET \(quote(column)) = "
        let condition = " WHERE \(quote(column)) IS NULL"
        let parameter: SQLValue
        switch value {
        case .currentTimestamp:
            return DDLStatement(.seeds, "values of \(table).\(column)", update + "CURRENT_TIMESTAMP" + condition)
        case .null: parameter = .null
        case .integer(let number): parameter = .integer(Int64(number))
        case .string(let text): parameter = .text(text)
        }
        return DDLStatement(
            .seeds, "values of \(table).\(column)", statement: SQLStatement(update + placeholder(1) + condition, [parameter]),
            script: update + literal(parameter) + condition)
    }

    /// The repair as a script: statements that may destroy data are commented out, each with its
    /// reason, unless `allowingDestructive`.
    public func repairScript(_ statements: [RepairStatement], allowingDestructive: Bool) -> String {
        statements.map { statement in
            if statement.sql.hasPrefix("--") { return statement.sql + "\n" }
            guard let reason = statement.destroys, !allowingDestructive else { return statement.sql + ";\n" }
            return "-- skipped: \(reason); rerun with --allow-destructive to include it\n"
                + statement.sql.split(separator: "\n", omittingEmptySubsequences: false).map { "-- " + $0 }.joined(separator: "\n") + ";\n"
        }.joined()
    }
}
