import SQLDriver
import WSO2Schema

/// SQLite's SQL for WSO2's schemas.
///
/// Type mapping (SQLite keeps the declared name; its affinity decides storage):
///
/// | catalog | SQLite | affinity |
/// |---|---|---|
/// | SMALLINT, INTEGER, BIGINT | same | INTEGER |
/// | SERIAL | INTEGER (a rowid alias when it is the whole primary key) | INTEGER |
/// | VARCHAR(n), CHAR(n), TEXT | same (length not enforced by SQLite) | TEXT |
/// | BOOLEAN | BOOLEAN, defaults written 0/1 | NUMERIC |
/// | TIMESTAMP, TIMESTAMP(p) | same; `CURRENT_TIMESTAMP` stores UTC text | NUMERIC |
/// | BYTEA | BLOB | BLOB |
/// | DECIMAL(p,s), DOUBLE PRECISION | DECIMAL(p,s), DOUBLE | NUMERIC, REAL |
///
/// SQLite has no sequences. Each named sequence is a row of the bookkeeping table
/// `wso2db_sequence`, and each column whose default is `NEXTVAL('S')` gets an `AFTER INSERT`
/// trigger that, when the INSERT left the column NULL, sets it from `S` and advances `S`: an INSERT
/// that omits the id gets a fresh one, composite keys and shared sequences included. A sole
/// integer primary-key column drawing from a sequence is declared `INT` rather than `INTEGER` so
/// that SQLite does not turn it into a rowid alias, which would number rows by itself and bypass
/// the sequence. Foreign keys are declared inline (SQLite cannot add them later).
public struct SQLiteDialect: SQLDialect {
    /// Creates the dialect.
    public init() {}

    public var engineName: String { "SQLite" }
    public var supportsTransactionalDDL: Bool { true }
    public var hasNativeSequences: Bool { false }

    /// Prefix of every bookkeeping object: SQLite has no schemas to keep them apart.
    public static let bookkeepingPrefix = "wso2db_"
    /// The table that holds the emulated sequences.
    public static let sequenceTable = "wso2db_sequence"
    /// Names of the triggers that hand out sequence values start with this.
    static let nextvalTriggerPrefix = bookkeepingPrefix + "nextval_"
    /// Names of the triggers that refuse NULL in a sequence-backed NOT NULL column start with this.
    static let notNullTriggerPrefix = bookkeepingPrefix + "notnull_"

    public func placeholder(_ position: Int) -> String { "?\(position)" }

    public func storedName(_ name: String) -> String { name }

    public func booleanLiteral(_ flag: Bool) -> String { flag ? "1" : "0" }

    public func blobLiteral(_ bytes: [UInt8]) -> String { "X'" + bytes.hexString + "'" }

    /// `length` of a blob, which reads its size without loading it (`octet_length` is SQLite 3.43 and
    /// later); text and numbers as the bytes of their text, which loads them (they are short).
    public func byteLength(_ expression: String) -> String {
        "CASE WHEN typeof(\(expression)) = 'blob' THEN length(\(expression)) ELSE length(CAST(\(expression) AS BLOB)) END"
    }

    /// `typeof` reads a value's type without loading it: the text or bytes of a large value are not read.
    public func valueUnlessTextOrBytes(_ expression: String) -> String? {
        "CASE WHEN typeof(\(expression)) IN ('text', 'blob') THEN NULL ELSE \(expression) END"
    }

    /// The SQLite spelling of a column type (see the table above).
    public func typeSQL(_ type: ColumnType) -> String {
        switch type {
        case .smallint: "SMALLINT"
        case .integer, .serial: "INTEGER"
        case .bigint: "BIGINT"
        case .varchar(let length): "VARCHAR(\(length))"
        case .char(let length): "CHAR(\(length))"
        case .text: "TEXT"
        case .boolean: "BOOLEAN"
        case .timestamp(let precision): precision.map { "TIMESTAMP(\($0))" } ?? "TIMESTAMP"
        case .binary: "BLOB"
        case .decimal(let precision, let scale): "DECIMAL(\(precision),\(scale))"
        case .double: "DOUBLE"
        case .date: "DATE"
        case .other(let spelling): spelling
        }
    }

    /// The SQLite spelling of a default; `nil` for a sequence, which a trigger supplies instead.
    public func defaultSQL(_ value: DefaultValue) -> String? {
        switch value {
        case .null: "NULL"
        case .integer(let number): String(number)
        case .string(let text): stringLiteral(text)
        case .boolean(let flag): booleanLiteral(flag)
        case .currentTimestamp: "CURRENT_TIMESTAMP"
        case .nextValue: nil
        case .expression(let text): "(\(text))"
        }
    }

    public func createStatements(for schema: Schema) -> [DDLStatement] {
        let schema = numberingSerialColumns(schema)
        var statements: [DDLStatement] = []
        if !schema.sequences.isEmpty { statements.append(createSequenceTable()) }
        statements += schema.sequences.map(createSequenceStatement)
        for table in schema.tables {
            statements.append(DDLStatement(.tables, "table \(table.name)", createTableSQL(table)))
            statements += table.indexes.map(createIndexStatement)
        }
        for table in schema.tables {
            statements += triggerStatements(for: table, in: schema)
        }
        statements += schema.seeds.map(seedStatement)
        return statements
    }

    /// The bookkeeping table that holds the emulated sequences.
    func createSequenceTable() -> DDLStatement {
        DDLStatement(
            .sequences, "table \(Self.sequenceTable)",
            "CREATE TABLE IF NOT EXISTS \(quoteExactly(Self.sequenceTable)) (\"name\" TEXT NOT NULL PRIMARY KEY, "
                + "\"start\" INTEGER NOT NULL, \"increment\" INTEGER NOT NULL, \"next_value\" INTEGER NOT NULL)")
    }

    /// One emulated sequence: its row in the sequence table.
    func createSequenceStatement(_ sequence: DatabaseSequence) -> DDLStatement {
        insertStatement(
            .sequences, "sequence \(sequence.name)", into: quoteExactly(Self.sequenceTable),
            columns: ["name", "start", "increment", "next_value"],
            values: [
                .value(.text(sequence.name)), .value(.integer(Int64(sequence.start))),
                .value(.integer(Int64(sequence.increment))), .value(.integer(Int64(sequence.start))),
            ])
    }

    /// Every trigger of one table: the sequence emulation's, then the schema's own.
    func triggerStatements(for table: Table, in schema: Schema) -> [DDLStatement] {
        var statements = sequenceTriggers(for: table)
        for trigger in schema.triggers where trigger.table.sameSQLName(as: table.name) {
            guard let function = schema.functions.first(where: { $0.name.sameSQLName(as: trigger.function) }),
                let sql = createTriggerSQL(trigger, function)
            else { continue }
            statements.append(DDLStatement(.triggers, "trigger \(trigger.name)", sql))
        }
        return statements
    }

    /// A SERIAL column numbers itself only when it is the whole primary key (a rowid alias). Any
    /// other SERIAL column becomes an integer drawing from an emulated sequence named as PostgreSQL
    /// names SERIAL's own (`<table>_<column>_seq`).
    func numberingSerialColumns(_ schema: Schema) -> Schema {
        var result = schema
        for (position, table) in schema.tables.enumerated() {
            for (index, column) in table.columns.enumerated() where column.type == .serial && !wouldAliasRowid(column, in: table) {
                let sequence = "\(table.name)_\(column.name)_seq"
                result.sequences.append(DatabaseSequence(sequence))
                result.tables[position].columns[index].type = .integer
                result.tables[position].columns[index].defaultValue = .nextValue(sequence)
            }
        }
        return result
    }

    /// SERIAL becomes what SQLite makes of it: a rowid alias (an INTEGER key) or an emulated sequence.
    public func inspectedForm(of schema: Schema) -> Schema {
        var result = numberingSerialColumns(schema)
        for (position, table) in result.tables.enumerated() {
            for (index, column) in table.columns.enumerated() where column.type == .serial {
                result.tables[position].columns[index].type = .integer
            }
        }
        return result
    }

    /// Whether SQLite would make this column an alias of the rowid if it were declared INTEGER.
    func wouldAliasRowid(_ column: Column, in table: Table) -> Bool {
        table.primaryKey?.columns.count == 1 && table.isPrimaryKeyColumn(column.name)
    }

    public func columnDefinition(_ column: Column, in table: Table) -> String {
        var type = typeSQL(column.type)
        if case .nextValue = column.defaultValue, column.type == .integer, wouldAliasRowid(column, in: table) {
            type = "INT"
        }
        var line = "\(quote(column.name)) \(type)"
        if let value = column.defaultValue, let sql = defaultSQL(value) { line += " DEFAULT \(sql)" }
        // SQLite lets primary-key columns hold NULL unless told otherwise; PostgreSQL never does.
        // A sequence-backed column stays nullable so the trigger can fill it after the INSERT.
        let filledByTrigger = if case .nextValue = column.defaultValue { true } else { false }
        if !filledByTrigger && (!column.isNullable || table.isPrimaryKeyColumn(column.name)) { line += " NOT NULL" }
        return line
    }

    /// Binary columns are stored after all the others, in their order. SQLite can leave a zero-filled
    /// placeholder blob unmaterialised only in a row's last column; anywhere else a large value's
    /// placeholder is built in memory whole (twice), before its pieces are written. Every statement
    /// wso2db runs names its columns, and the differ matches columns by name, so nothing else sees
    /// the order; a table created by an older wso2db keeps its order and its (unbounded) writes.
    func createTableSQL(_ table: Table) -> String {
        let stored = table.columns.filter { $0.type != .binary } + table.columns.filter { $0.type == .binary }
        var lines = stored.map { columnDefinition($0, in: table) }
        if let key = table.primaryKey {
            lines.append(constraintPrefix(key.name) + "PRIMARY KEY (\(quoteList(key.columns)))")
        }
        for unique in table.uniqueConstraints {
            lines.append(constraintPrefix(unique.name) + "UNIQUE (\(quoteList(unique.columns)))")
        }
        for foreignKey in table.foreignKeys {
            lines.append(
                constraintPrefix(foreignKey.name)
                    + "FOREIGN KEY (\(quoteList(foreignKey.columns))) REFERENCES \(quote(foreignKey.referencedTable)) "
                    + "(\(quoteList(foreignKey.referencedColumns)))\(referentialClause(foreignKey))")
        }
        return "CREATE TABLE \(quote(table.name)) (\n    " + lines.joined(separator: ",\n    ") + "\n)"
    }

    private func constraintPrefix(_ name: String?) -> String {
        name.map { "CONSTRAINT \(quote($0)) " } ?? ""
    }

    /// The triggers that hand out ids from named sequences, and refuse NULL ids on UPDATE.
    func sequenceTriggers(for table: Table) -> [DDLStatement] {
        table.sequenceBackedColumns.flatMap { column, sequence -> [DDLStatement] in
            let sequenceTable = quoteExactly(Self.sequenceTable)
            let name = stringLiteral(sequence)
            let target = quote(table.name)
            let field = quote(column.name)
            var result = [
                DDLStatement(
                    .triggers, "sequence trigger for \(table.name).\(column.name)",
                    "CREATE TRIGGER \(quoteExactly("\(Self.nextvalTriggerPrefix)\(table.name)_\(column.name)")) "
                        + "AFTER INSERT ON \(target) FOR EACH ROW WHEN NEW.\(field) IS NULL BEGIN "
                        + "UPDATE \(target) SET \(field) = (SELECT \"next_value\" FROM \(sequenceTable) WHERE \"name\" = \(name)) "
                        + "WHERE rowid = NEW.rowid; "
                        + "UPDATE \(sequenceTable) SET \"next_value\" = \"next_value\" + \"increment\" WHERE \"name\" = \(name); "
                        + "END")
            ]
            if !column.isNullable || table.isPrimaryKeyColumn(column.name) {
                let message = stringLiteral("NOT NULL constraint failed: \(table.name).\(column.name)")
                result.append(
                    DDLStatement(
                        .triggers, "not-null guard for \(table.name).\(column.name)",
                        "CREATE TRIGGER \(quoteExactly("\(Self.notNullTriggerPrefix)\(table.name)_\(column.name)")) "
                            + "BEFORE UPDATE OF \(field) ON \(target) FOR EACH ROW WHEN NEW.\(field) IS NULL BEGIN "
                            + "SELECT RAISE(ABORT, \(message)); END"))
            }
            return result
        }
    }

    /// SQLite has no stored functions and cannot change NEW, so the function's work is done by an
    /// AFTER trigger that updates the row it fired for (recursive triggers are off, so it fires once).
    /// A marker comment keeps the trigger's declared timing and function, which SQLite has no place
    /// for, so that the inspector reads back what the schema said. `nil` for a function that exists
    /// only as another engine's code.
    func createTriggerSQL(_ trigger: Trigger, _ function: Function) -> String? {
        let events = trigger.events.map(\.rawValue).joined(separator: " OR ")
        switch function.body {
        case .touchTimestamp(let column):
            let marker = TriggerMarker(timing: trigger.timing, events: trigger.events, function: function.name)
            return "CREATE TRIGGER \(quote(trigger.name)) AFTER \(events) ON \(quote(trigger.table)) FOR EACH ROW BEGIN "
                + "\(marker.comment) UPDATE \(quote(trigger.table)) SET \(quote(column)) = CURRENT_TIMESTAMP WHERE rowid = NEW.rowid; END"
        case .definition:
            return nil
        }
    }

    /// The comment in an emulated trigger that says what the schema declared.
    struct TriggerMarker: Equatable {
        var timing: TriggerTiming
        var events: [TriggerEvent]
        var function: String

        static let prefix = "/* wso2db trigger: "

        var comment: String {
            Self.prefix + "\(timing.rawValue) \(events.map(\.rawValue).joined(separator: " OR ")) EXECUTE \(function) */"
        }

        init(timing: TriggerTiming, events: [TriggerEvent], function: String) {
            self.timing = timing
            self.events = events
            self.function = function
        }

        /// The marker in a trigger's DDL, if it has one.
        init?(parsing sql: String) {
            guard let start = sql.firstRange(of: Self.prefix), let end = sql[start.upperBound...].firstRange(of: " */") else { return nil }
            let words = sql[start.upperBound..<end.lowerBound].split(separator: " ").map(String.init)
            guard words.count >= 4, let timing = TriggerTiming(rawValue: words[0]), words[words.count - 2] == "EXECUTE" else { return nil }
            let events = words[1..<(words.count - 2)].filter { $0 != "OR" }.compactMap(TriggerEvent.init(rawValue:))
            self.init(timing: timing, events: events, function: words[words.count - 1])
        }
    }

    public func bookkeepingSetup() -> [String] { [] }

    public func bookkeepingTableExists(_ name: String) -> SQLStatement {
        SQLStatement("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?1", [.text(Self.bookkeepingPrefix + name)])
    }

    public func bookkeepingTable(_ name: String) -> String {
        quoteExactly(Self.bookkeepingPrefix + name)
    }
}
