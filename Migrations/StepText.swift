import WSO2Schema

/// The text a step's checksum is computed over: an engine-neutral spelling of its operations that
/// wso2db owns, so that a checksum changes when, and only when, what a step does changes.
///
/// The format, version 1 (`wso2db step 1`), one line per fact:
///
/// ```
/// wso2db step 1
/// from 2.6.0
/// to 4.0.0
/// schema
///   alter-column REG_LOG REG_USER_ID varchar(255) null
///   create-table UM_UUID_DOMAIN_MAPPER
///     column UM_ID integer not-null default=nextval('UM_UUID_DOMAIN_MAPPER_PK_SEQ')
///     primary-key (UM_ID)
///     unique name=… (UM_USER_ID, UM_TENANT_ID)
///     foreign-key (UM_DOMAIN_ID, UM_TENANT_ID) -> UM_DOMAIN (UM_DOMAIN_ID, UM_TENANT_ID) on-delete=cascade
///     index UM_UUID_DOMAIN_MAPPER_ID_INDEX unique (UM_ID)
/// data fill-uuids UM_TENANT.UM_TENANT_UUID
/// data insert UM_ORG (UM_ID, UM_ORG_NAME) values ('10084a8d-…', 'ROOT') ignore-conflicts
/// sql "change the thing"
///   engine postgresql 'DO $$ … $$'
///   effect
///     rename-table A B
/// ```
///
/// - Names are written exactly as the step writes them (WSO2's upper case), never folded.
/// - Types, defaults and keys have the spellings below (`integer`, `varchar(255)`, `timestamp(0)`,
///   `binary`, `default='x'`, `default=current-timestamp`), written here and nowhere else: they do
///   not follow the dialects' SQL or Swift's printing of values.
/// - Text values are in single quotes with `'` doubled and `\`, new line, carriage return and tab
///   escaped as `\\`, `\n`, `\r`, `\t`, so one value is always on one line.
/// - The description is not part of it: rewording what a step says about itself changes nothing.
///
/// A released step's text must never change: `StepChecksumTests` pins the checksum of every step.
public enum StepText {
    /// The format's version, on the first line.
    public static let header = "wso2db step 1"

    /// The whole text of a step.
    public static func of(_ step: MigrationStep) -> String {
        var lines = [header, "from \(step.from)", "to \(step.version)"]
        for operation in step.operations {
            switch operation {
            case .schema(let changes):
                lines.append("schema")
                lines += changes.flatMap { text(of: $0) }.map { "  " + $0 }
            case .data(let change):
                lines.append("data " + text(of: change))
            case .sql(let raw):
                lines.append("sql " + quoted(raw.description))
                for engine in raw.statements.keys.sorted() {
                    for statement in raw.statements[engine] ?? [] {
                        lines.append("  engine \(engine) " + quoted(statement))
                    }
                }
                if let loses = raw.destroys { lines.append("  destroys " + quoted(loses)) }
                lines.append("  effect")
                lines += raw.effect.flatMap { text(of: $0) }.map { "    " + $0 }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One schema change: a line, and for a new table the lines of its definition (indented).
    public static func text(of change: SchemaChange) -> [String] {
        switch change {
        case .createSequence(let sequence): ["create-sequence " + text(of: sequence)]
        case .createTable(let table): ["create-table \(table.name)"] + definition(of: table).map { "  " + $0 }
        case .addColumn(let table, let column): ["add-column \(table) " + text(of: column)]
        case .alterColumn(let table, let column): ["alter-column \(table) " + text(of: column)]
        case .addPrimaryKey(let table, let key): ["add-primary-key \(table) " + named(key.name) + list(key.columns)]
        case .addUnique(let table, let unique): ["add-unique \(table) " + named(unique.name) + list(unique.columns)]
        case .dropUnique(let table, let columns): ["drop-unique \(table) " + list(columns)]
        case .createIndex(let index): ["create-index " + text(of: index)]
        case .dropIndex(let table, let name): ["drop-index \(table) \(name)"]
        case .renameTable(let from, let to): ["rename-table \(from) \(to)"]
        case .renameColumn(let table, let from, let to): ["rename-column \(table) \(from) \(to)"]
        case .renameIndex(let table, let from, let to): ["rename-index \(table) \(from) \(to)"]
        case .dropTable(let table): ["drop-table \(table)"]
        case .dropColumn(let table, let column): ["drop-column \(table) \(column)"]
        case .dropSequence(let sequence): ["drop-sequence \(sequence)"]
        case .addForeignKey(let table, let key): ["add-foreign-key \(table) " + text(of: key)]
        case .dropForeignKey(let table, let name, let columns): ["drop-foreign-key \(table) " + named(name) + list(columns)]
        case .dropPrimaryKey(let table): ["drop-primary-key \(table)"]
        case .createFunction(let function): ["create-function \(function.name) " + text(of: function.body)]
        case .dropFunction(let name): ["drop-function \(name)"]
        case .createTrigger(let trigger):
            [
                "create-trigger \(trigger.name) on \(trigger.table) \(trigger.timing.rawValue.lowercased()) "
                    + trigger.events.map { $0.rawValue.lowercased() }.joined(separator: "-or-") + " executes \(trigger.function)"
            ]
        case .dropTrigger(let table, let name): ["drop-trigger \(table) \(name)"]
        }
    }

    static func text(of change: DataChange) -> String {
        switch change {
        case .fillWithUUIDs(let table, let column): "fill-uuids \(table).\(column)"
        case .fillFromSequence(let table, let column, let sequence): "fill-from-sequence \(table).\(column) \(sequence)"
        case .insert(let seed):
            "insert \(seed.table) " + list(seed.columns) + " values (" + seed.values.map(text(of:)).joined(separator: ", ") + ")"
                + (seed.ignoresConflicts ? " ignore-conflicts" : "")
        case .fill(let table, let column, let value): "fill \(table).\(column) " + text(of: value)
        case .copy(let table, let column, let from): "copy \(table).\(column) from \(from)"
        case .replaceWithUUIDs(let table, let column): "replace-with-uuids \(table).\(column)"
        }
    }

    static func definition(of table: Table) -> [String] {
        var lines = table.columns.map { "column " + text(of: $0) }
        if let key = table.primaryKey { lines.append("primary-key " + named(key.name) + list(key.columns)) }
        lines += table.uniqueConstraints.map { "unique " + named($0.name) + list($0.columns) }
        lines += table.foreignKeys.map { "foreign-key " + text(of: $0) }
        lines += table.indexes.map { "index " + text(of: $0) }
        return lines
    }

    static func text(of key: ForeignKey) -> String {
        named(key.name) + list(key.columns) + " -> \(key.referencedTable) " + list(key.referencedColumns)
            + (key.onDelete == .noAction ? "" : " on-delete=" + action(key.onDelete))
            + (key.onUpdate == .noAction ? "" : " on-update=" + action(key.onUpdate))
    }

    static func text(of body: RoutineBody) -> String {
        switch body {
        case .touchTimestamp(let column): "touch-timestamp(\(column))"
        case .definition(let text): "definition(" + quoted(text) + ")"
        }
    }

    static func text(of column: Column) -> String {
        "\(column.name) \(text(of: column.type)) \(column.isNullable ? "null" : "not-null")"
            + (column.defaultValue.map { " default=" + text(of: $0) } ?? "")
    }

    static func text(of type: ColumnType) -> String {
        switch type {
        case .smallint: "smallint"
        case .integer: "integer"
        case .bigint: "bigint"
        case .serial: "serial"
        case .varchar(let length): "varchar(\(length))"
        case .char(let length): "char(\(length))"
        case .text: "text"
        case .boolean: "boolean"
        case .timestamp(let precision): precision.map { "timestamp(\($0))" } ?? "timestamp"
        case .binary: "binary"
        case .decimal(let precision, let scale): "decimal(\(precision),\(scale))"
        case .double: "double"
        case .date: "date"
        case .other(let spelling): "other(" + quoted(spelling) + ")"
        }
    }

    static func text(of value: DefaultValue) -> String {
        switch value {
        case .null: "null"
        case .integer(let number): String(number)
        case .string(let text): quoted(text)
        case .boolean(let flag): flag ? "true" : "false"
        case .currentTimestamp: "current-timestamp"
        case .nextValue(let sequence): "nextval(" + quoted(sequence) + ")"
        case .expression(let text): "expression(" + quoted(text) + ")"
        }
    }

    static func text(of value: SeedValue) -> String {
        switch value {
        case .string(let text): quoted(text)
        case .integer(let number): String(number)
        case .currentTimestamp: "current-timestamp"
        case .null: "null"
        }
    }

    static func text(of sequence: DatabaseSequence) -> String {
        "\(sequence.name) start=\(sequence.start) increment=\(sequence.increment)"
    }

    static func text(of index: Index) -> String {
        let keys = index.keys.map { key -> String in
            switch key {
            case .column(let name): name
            case .function(let function, let column): "\(function == .lower ? "lower" : "upper")(\(column))"
            case .expression(let text): "expression(" + quoted(text) + ")"
            }
        }
        return "\(index.name) on \(index.table)" + (index.isUnique ? " unique " : " ") + "(" + keys.joined(separator: ", ") + ")"
    }

    static func action(_ action: ReferentialAction) -> String {
        switch action {
        case .noAction: "no-action"
        case .restrict: "restrict"
        case .cascade: "cascade"
        case .setNull: "set-null"
        case .setDefault: "set-default"
        }
    }

    static func named(_ name: String?) -> String { name.map { "name=\($0) " } ?? "" }

    static func list(_ names: [String]) -> String { "(" + names.joined(separator: ", ") + ")" }

    /// A text value on one line: in single quotes, `'` doubled, control characters escaped.
    static func quoted(_ text: String) -> String {
        var result = "'"
        for character in text {
            switch character {
            case "'": result += "''"
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default: result.append(character)
            }
        }
        return result + "'"
    }
}
