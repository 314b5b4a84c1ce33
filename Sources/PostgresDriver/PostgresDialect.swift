import SQLDriver
import WSO2Schema

/// PostgreSQL's SQL: the DDL that yields a database structurally identical to what WSO2's
/// `dbscripts/postgresql.sql` yields. Names are folded to lower case (as PostgreSQL folds WSO2's
/// unquoted names) and always quoted; every constraint is named explicitly with the name
/// PostgreSQL would have generated.
public struct PostgresDialect: SQLDialect {
    /// Creates the dialect.
    public init() {}

    public var engineName: String { "PostgreSQL" }
    public var supportsTransactionalDDL: Bool { true }
    public var writesTablesAtOnce: Bool { true }
    public var hasNativeSequences: Bool { true }
    public var insertionOrder: String? { "ctid" }

    /// The schema that holds wso2db's own bookkeeping, apart from WSO2's objects.
    public static let bookkeepingSchema = "wso2db"

    public func placeholder(_ position: Int) -> String { "$\(position)" }

    public func storedName(_ name: String) -> String { name.lowercased() }

    public func booleanLiteral(_ flag: Bool) -> String { flag ? "TRUE" : "FALSE" }

    public func blobLiteral(_ bytes: [UInt8]) -> String { "'\\x" + bytes.hexString + "'::bytea" }

    /// The PostgreSQL spelling of a column type: WSO2's scripts are written for PostgreSQL, so it is
    /// the spelling the model reports types in; a type the model has no name for stays as the
    /// engine printed it.
    public func typeSQL(_ type: ColumnType) -> String {
        if case .other(let spelling) = type { return spelling }
        return type.sqlDescription
    }

    /// The PostgreSQL spelling of a default.
    public func defaultSQL(_ value: DefaultValue) -> String {
        switch value {
        case .null: "NULL"
        case .integer(let number): String(number)
        case .string(let text): stringLiteral(text)
        case .boolean(let flag): booleanLiteral(flag)
        case .currentTimestamp: "CURRENT_TIMESTAMP"
        case .nextValue(let sequence): "nextval(\(stringLiteral(quote(sequence)))::regclass)"
        case .expression(let text): text
        }
    }

    public func createStatements(for schema: Schema) -> [DDLStatement] {
        let naming = PostgresNaming(schema: schema, fold: storedName)
        var statements = schema.sequences.flatMap(createSequenceStatements)
        for table in schema.tables {
            statements.append(DDLStatement(.tables, "table \(table.name)", createTableSQL(table, naming: naming)))
            statements += table.indexes.map(createIndexStatement)
        }
        for table in schema.tables {
            for (position, foreignKey) in table.foreignKeys.enumerated() {
                let name = naming.foreignKeyName(of: table, at: position)
                statements.append(
                    DDLStatement(.foreignKeys, "foreign key \(name)", addForeignKeySQL(foreignKey, on: table.name, name: name)))
            }
        }
        for function in schema.functions {
            statements.append(DDLStatement(.routines, "function \(function.name)", createFunctionSQL(function)))
        }
        for trigger in schema.triggers {
            statements.append(DDLStatement(.triggers, "trigger \(trigger.name)", createTriggerSQL(trigger)))
        }
        statements += schema.seeds.map(seedStatement)
        return statements
    }

    public func columnDefinition(_ column: Column, in table: Table) -> String {
        var line = "\(quote(column.name)) \(typeSQL(column.type))"
        if let value = column.defaultValue { line += " DEFAULT \(defaultSQL(value))" }
        if !column.isNullable { line += " NOT NULL" }
        return line
    }

    func createTableSQL(_ table: Table, naming: PostgresNaming) -> String {
        var lines = table.columns.map { columnDefinition($0, in: table) }
        if let key = table.primaryKey {
            lines.append(
                "CONSTRAINT \(quoteExactly(naming.primaryKeyName(of: table))) PRIMARY KEY (\(quoteList(key.columns)))")
        }
        for (position, unique) in table.uniqueConstraints.enumerated() {
            lines.append(
                "CONSTRAINT \(quoteExactly(naming.uniqueName(of: table, at: position))) UNIQUE (\(quoteList(unique.columns)))"
            )
        }
        return "CREATE TABLE \(quote(table.name)) (\n    " + lines.joined(separator: ",\n    ") + "\n)"
    }

    func createFunctionSQL(_ function: Function) -> String {
        let body: String
        switch function.body {
        case .touchTimestamp(let column):
            // Written as WSO2's script writes it (`NEW.TIME_STAMP= now();`), so that a textual comparison of the
            // function (pg_dump, migra) finds nothing; a name that is not a plain identifier is quoted.
            let plain = column.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) } && !(column.first?.isNumber ?? true)
            body = "\nBEGIN\n    NEW.\(plain ? column : quote(column))= now();\n    RETURN NEW;\nEND;\n"
        case .definition(let sql):
            return sql
        }
        return "CREATE FUNCTION \(quote(function.name))() RETURNS TRIGGER AS $wso2db$\(body)$wso2db$ LANGUAGE plpgsql"
    }

    func createTriggerSQL(_ trigger: Trigger) -> String {
        let events = trigger.events.map(\.rawValue).joined(separator: " OR ")
        return "CREATE TRIGGER \(quote(trigger.name)) \(trigger.timing.rawValue) \(events) ON \(quote(trigger.table))"
            + " FOR EACH ROW EXECUTE PROCEDURE \(quote(trigger.function))()"
    }

    public func bookkeepingSetup() -> [String] {
        ["CREATE SCHEMA IF NOT EXISTS \(quoteExactly(Self.bookkeepingSchema))"]
    }

    public func bookkeepingTableExists(_ name: String) -> SQLStatement {
        SQLStatement(
            "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = $1 AND tablename = $2",
            [.text(Self.bookkeepingSchema), .text(storedName(name))])
    }

    public func bookkeepingTable(_ name: String) -> String {
        quoteExactly(Self.bookkeepingSchema) + "." + quote(name)
    }
}

extension PostgresDialect {
    /// Every unnamed constraint gets the name PostgreSQL generates for it.
    public func inspectedForm(of schema: Schema) -> Schema {
        let naming = PostgresNaming(schema: schema, fold: storedName)
        var result = schema
        for (position, table) in schema.tables.enumerated() {
            if result.tables[position].primaryKey != nil { result.tables[position].primaryKey?.name = naming.primaryKeyName(of: table) }
            for index in table.uniqueConstraints.indices {
                result.tables[position].uniqueConstraints[index].name = naming.uniqueName(of: table, at: index)
            }
            for index in table.foreignKeys.indices {
                result.tables[position].foreignKeys[index].name = naming.foreignKeyName(of: table, at: index)
            }
        }
        return result
    }

    /// Every constraint name that PostgreSQL would have generated is set to `nil`.
    public func declaredForm(of schema: Schema) -> Schema {
        var unnamed = schema
        for position in unnamed.tables.indices {
            unnamed.tables[position].primaryKey?.name = nil
            for unique in unnamed.tables[position].uniqueConstraints.indices {
                unnamed.tables[position].uniqueConstraints[unique].name = nil
            }
            for foreignKey in unnamed.tables[position].foreignKeys.indices {
                unnamed.tables[position].foreignKeys[foreignKey].name = nil
            }
        }
        let generated = PostgresNaming(schema: unnamed, fold: storedName)
        var result = schema
        for (position, table) in unnamed.tables.enumerated() {
            let isGenerated = { (name: String?, candidate: String) in name.map(storedName) == candidate }
            if let key = schema.tables[position].primaryKey, isGenerated(key.name, generated.primaryKeyName(of: table)) {
                result.tables[position].primaryKey?.name = nil
            }
            for (index, unique) in schema.tables[position].uniqueConstraints.enumerated()
            where isGenerated(unique.name, generated.uniqueName(of: table, at: index)) {
                result.tables[position].uniqueConstraints[index].name = nil
            }
            for (index, foreignKey) in schema.tables[position].foreignKeys.enumerated()
            where isGenerated(foreignKey.name, generated.foreignKeyName(of: table, at: index)) {
                result.tables[position].foreignKeys[index].name = nil
            }
        }
        return result
    }
}
