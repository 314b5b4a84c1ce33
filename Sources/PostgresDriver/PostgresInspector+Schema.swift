import Foundation
import SQLDriver
import WSO2Schema

/// Reading a whole live schema back into model values, in six catalog queries whatever the number
/// of tables. Names come back as PostgreSQL stores them (lower case for WSO2's unquoted names).
extension PostgresInspector {
    /// Something in the live schema the model cannot express.
    static func unsupported(_ what: String) -> DatabaseError {
        DatabaseError(
            .unsupportedObject, "cannot describe \(what) in wso2db's schema model",
            hint: "remove or rename the object if it is not part of WSO2's schema, then check again")
    }

    /// Every table, column, key, index, sequence, function and trigger of the current schema; with `tables`, of
    /// those tables only (every sequence and function still), each query restricted on the server.
    func inspect(tables names: Set<String>? = nil) throws -> Schema {
        let filter = names.map(TableFilter.init)
        var schema = Schema(name: "", version: "")
        let owned = try inspectSequences(into: &schema)
        var tables = try inspectTables(ownedSequences: owned, filter)
        try inspectConstraints(into: &tables, filter)
        try inspectIndexes(into: &tables, filter)
        schema.tables = tables.map(\.table)
        try inspectRoutines(into: &schema, filter)
        return schema
    }

    private static let namespace = "(SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = current_schema())"

    /// The tables a restricted inspection reads, as a parameter (names upper-cased, compared to the upper-cased
    /// stored name: WSO2's unquoted names are stored in lower case).
    private struct TableFilter {
        let parameter: SQLValue

        init(_ names: Set<String>) {
            // A text[] literal: each name double-quoted, its quotes and backslashes escaped.
            let elements = names.map { name in
                "\"" + name.uppercased().replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
            }
            parameter = .text("{" + elements.sorted().joined(separator: ",") + "}")
        }

        /// `AND` the relation `oid` is one of the tables.
        func clause(_ oid: String) -> String {
            " AND \(oid) IN (SELECT oid FROM pg_catalog.pg_class WHERE relnamespace = \(PostgresInspector.namespace) AND upper(relname) = ANY($1::text[]))"
        }
    }

    /// `sql` with the filter's clause for `oid` before `tail`, and its parameter; as it is without a filter.
    private func statement(_ sql: String, _ filter: TableFilter?, oid: String, before tail: String) -> SQLStatement {
        guard let filter, let range = sql.range(of: tail, options: .backwards) else { return SQLStatement(sql) }
        return SQLStatement(sql.replacingCharacters(in: range, with: filter.clause(oid) + "\n" + tail), [filter.parameter])
    }

    /// Reads sequences; returns those owned by a column (SERIAL), keyed by "table.column".
    private func inspectSequences(into schema: inout Schema) throws -> [String: String] {
        let rows = try connection.query(
            """
            SELECT c.relname, s.seqstart, s.seqincrement, t.relname, a.attname
              FROM pg_catalog.pg_sequence s JOIN pg_catalog.pg_class c ON c.oid = s.seqrelid
              LEFT JOIN pg_catalog.pg_depend d ON d.objid = c.oid AND d.deptype = 'a' AND d.refobjsubid > 0
              LEFT JOIN pg_catalog.pg_class t ON t.oid = d.refobjid
              LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
             WHERE c.relnamespace = \(Self.namespace) ORDER BY c.oid
            """
        ).rows
        var owned: [String: String] = [:]
        for row in rows {
            let name = row[0].textValue ?? ""
            if let table = row[3].textValue, let column = row[4].textValue {
                owned["\(table).\(column)"] = name
            } else {
                schema.sequences.append(
                    DatabaseSequence(name, start: Int(row[1].integerValue ?? 1), increment: Int(row[2].integerValue ?? 1)))
            }
        }
        return owned
    }

    private struct InspectedTable {
        var oid: Int64
        var table: Table
    }

    /// Each table's position by oid: a search through the tables per constraint and per index was
    /// quadratic in the size of WSO2_AM_DB.
    private static func positions(of tables: [InspectedTable]) -> [Int64: Int] {
        Dictionary(tables.indices.map { (tables[$0].oid, $0) }, uniquingKeysWith: { first, _ in first })
    }

    private func inspectTables(ownedSequences: [String: String], _ filter: TableFilter?) throws -> [InspectedTable] {
        let rows = try connection.query(statement(
            """
            SELECT c.oid, c.relname, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull,
                   pg_catalog.pg_get_expr(d.adbin, d.adrelid)
              FROM pg_catalog.pg_class c
              JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
              LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
             WHERE c.relnamespace = \(Self.namespace) AND c.relkind IN ('r', 'p')
             ORDER BY c.oid, a.attnum
            """, filter, oid: "c.oid", before: "ORDER BY c.oid, a.attnum")
        ).rows
        var tables: [InspectedTable] = []
        // Compared with the last oid held apart: `tables.last` would copy the whole table per column.
        var lastOID: Int64?
        for row in rows {
            let oid = row[0].integerValue ?? 0
            let tableName = row[1].textValue ?? ""
            if lastOID != oid {
                tables.append(InspectedTable(oid: oid, table: Table(name: tableName)))
                lastOID = oid
            }
            let columnName = row[2].textValue ?? ""
            var type = ColumnType(sqlSpelling: row[3].textValue ?? "")
            var defaultValue = row[5].textValue.map { DefaultValue(sqlExpression: $0, type: type) }
            if ownedSequences["\(tableName).\(columnName)"] != nil, type == .integer, case .nextValue = defaultValue {
                type = .serial
                defaultValue = nil
            }
            var options: [ColumnOption] = []
            if let defaultValue { options.append(.default(defaultValue)) }
            if row[4] == .boolean(true) { options.append(.notNull) }
            tables[tables.count - 1].table.columns.append(Column(name: columnName, type: type, options: options))
        }
        return tables
    }

    private func inspectConstraints(into tables: inout [InspectedTable], _ filter: TableFilter?) throws {
        let rows = try connection.query(statement(
            """
            SELECT k.conrelid, k.conname, k.contype::text,
                   (SELECT json_agg(a.attname ORDER BY o.n) FROM unnest(k.conkey) WITH ORDINALITY o(attnum, n)
                      JOIN pg_catalog.pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = o.attnum)::text,
                   r.relname,
                   (SELECT json_agg(a.attname ORDER BY o.n) FROM unnest(k.confkey) WITH ORDINALITY o(attnum, n)
                      JOIN pg_catalog.pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = o.attnum)::text,
                   k.confdeltype::text, k.confupdtype::text
              FROM pg_catalog.pg_constraint k LEFT JOIN pg_catalog.pg_class r ON r.oid = k.confrelid
             WHERE k.connamespace = \(Self.namespace) AND k.contype IN ('p', 'u', 'f') ORDER BY k.oid
            """, filter, oid: "k.conrelid", before: "ORDER BY k.oid")
        ).rows
        let positions = Self.positions(of: tables)
        for row in rows {
            guard let oid = row[0].integerValue, let position = positions[oid] else { continue }
            let name = row[1].textValue
            let columns = try Self.names(row[3])
            switch row[2].textValue {
            case "p":
                tables[position].table.primaryKey = PrimaryKey(name: name, columns: columns)
            case "u":
                tables[position].table.uniqueConstraints.append(UniqueConstraint(name: name, columns: columns))
            default:
                tables[position].table.foreignKeys.append(
                    ForeignKey(
                        columns, references: row[4].textValue ?? "", try Self.names(row[5]),
                        onDelete: try Self.action(row[6].textValue), onUpdate: try Self.action(row[7].textValue),
                        name: name))
            }
        }
    }

    private func inspectIndexes(into tables: inout [InspectedTable], _ filter: TableFilter?) throws {
        let rows = try connection.query(statement(
            """
            SELECT i.indrelid, c.relname, i.indisunique,
                   (SELECT json_agg(pg_catalog.pg_get_indexdef(i.indexrelid, k, true) ORDER BY k)
                      FROM generate_series(1, i.indnkeyatts) k)::text
              FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid
             WHERE c.relnamespace = \(Self.namespace)
               AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint k WHERE k.conindid = i.indexrelid AND k.contype IN ('p', 'u', 'x'))
             ORDER BY c.oid
            """, filter, oid: "i.indrelid", before: "ORDER BY c.oid")
        ).rows
        let positions = Self.positions(of: tables)
        for row in rows {
            guard let oid = row[0].integerValue, let position = positions[oid] else { continue }
            let table = tables[position].table.name
            let keys = try Self.names(row[3]).map(IndexKey.init(sqlSpelling:))
            tables[position].table.indexes.append(
                Index(row[1].textValue ?? "", on: table, keys, unique: row[2] == .boolean(true)))
        }
    }

    private func inspectRoutines(into schema: inout Schema, _ filter: TableFilter?) throws {
        let functions = try connection.query(
            """
            SELECT p.proname, p.prosrc, l.lanname, p.prorettype::regtype::text, pg_catalog.pg_get_functiondef(p.oid)
              FROM pg_catalog.pg_proc p
              JOIN pg_catalog.pg_language l ON l.oid = p.prolang
             WHERE p.pronamespace = \(Self.namespace) ORDER BY p.oid
            """
        ).rows
        for row in functions {
            let name = row[0].textValue ?? ""
            if row[2].textValue == "plpgsql", row[3].textValue == "trigger",
                let column = Self.touchedTimestampColumn(in: row[1].textValue ?? "")
            {
                schema.functions.append(Function(name, body: .touchTimestamp(column: column)))
            } else {
                schema.functions.append(Function(name, body: .definition(row[4].textValue ?? "")))
            }
        }
        let triggers = try connection.query(statement(
            """
            SELECT t.tgname, c.relname, t.tgtype, p.proname FROM pg_catalog.pg_trigger t
              JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid JOIN pg_catalog.pg_proc p ON p.oid = t.tgfoid
             WHERE NOT t.tgisinternal AND c.relnamespace = \(Self.namespace) ORDER BY t.oid
            """, filter, oid: "t.tgrelid", before: "ORDER BY t.oid")
        ).rows
        for row in triggers {
            // tgtype bits (pg_trigger.h): 1 row, 2 before, 4 insert, 8 delete, 16 update, 64 instead.
            let bits = row[2].integerValue ?? 0
            guard bits & 1 == 1, bits & 64 == 0 else { throw Self.unsupported("statement-level or INSTEAD OF trigger \(row[0].textValue ?? "")") }
            var events: [TriggerEvent] = []
            if bits & 4 != 0 { events.append(.insert) }
            if bits & 16 != 0 { events.append(.update) }
            if bits & 8 != 0 { events.append(.delete) }
            schema.triggers.append(
                Trigger(
                    row[0].textValue ?? "", on: row[1].textValue ?? "", bits & 2 != 0 ? .before : .after, events,
                    executing: row[3].textValue ?? ""))
        }
    }

    // MARK: - Reading catalog spellings

    static func names(_ value: SQLValue) throws -> [String] {
        guard let text = value.textValue else { return [] }
        return try JSONDecoder().decode([String].self, from: Data(text.utf8))
    }

    static func action(_ code: String?) throws -> ReferentialAction {
        switch code {
        case "a", nil: .noAction
        case "r": .restrict
        case "c": .cascade
        case "n": .setNull
        case "d": .setDefault
        default: throw unsupported("referential action \(code ?? "")")
        }
    }

    /// The column a trigger function stamps with the current time, when that is all it does.
    static func touchedTimestampColumn(in source: String) -> String? {
        let compact = source.lowercased().filter { !$0.isWhitespace }
        guard compact.hasPrefix("beginnew."), compact.hasSuffix("returnnew;end;") else { return nil }
        let assignment = compact.dropFirst("beginnew.".count).prefix { $0 != ";" }
        let parts = assignment.split(separator: "=", maxSplits: 1)
        guard parts.count == 2 else { return nil }
        let column = parts[0].trimmingCharacters(in: CharacterSet(charactersIn: ":\""))
        guard parts[1] == "now()" || parts[1] == "current_timestamp" else { return nil }
        return column
    }
}

extension PostgresConnection {
    /// Runs the script in a fresh schema first on the search path, inside a transaction that is
    /// rolled back. A script that ends the transaction itself (`COMMIT`) is refused after the fact,
    /// and the scratch schema dropped.
    public func inspectScript(_ sql: String) throws -> Schema {
        let scratch = "wso2db_expected_\(UInt32.random(in: 0...UInt32.max))"
        let dialect = PostgresDialect()
        defer { try? execute("DROP SCHEMA IF EXISTS \(dialect.quoteExactly(scratch)) CASCADE") }
        try execute("BEGIN; CREATE SCHEMA \(dialect.quoteExactly(scratch)); SET LOCAL search_path TO \(dialect.quoteExactly(scratch))")
        do {
            do {
                try execute(sql)
            } catch let error as DatabaseError {
                throw error.during("loading the expected schema's script")
            }
            guard try query("SELECT current_schema()").rows.first?.first?.textValue == scratch else {
                throw DatabaseError(
                    .invalidInput, "the expected schema's script ended wso2db's transaction (it has COMMIT or ROLLBACK)",
                    hint: "remove the transaction statements from the script; wso2db runs it in a transaction it rolls back")
            }
            let schema = try inspectSchema()
            rollback()
            return schema
        } catch {
            rollback()
            throw error
        }
    }

    /// Everything in the current schema (`public` by default) as model values; wso2db's own schema
    /// is never part of it.
    /// - Throws: `DatabaseError` `.unsupportedObject` for an object the model cannot express.
    public func inspectSchema() throws -> Schema {
        try PostgresInspector(connection: self).inspect()
    }

    /// The named tables only, read by the same six queries restricted on the server.
    public func inspectSchema(tables: Set<String>) throws -> Schema {
        try PostgresInspector(connection: self).inspect(tables: tables)
    }
}
