import SQLDriver
import WSO2Schema

/// Reading a whole live SQLite schema back into model values: `sqlite_schema` and the table-valued
/// pragmas, each read for every table in one query. SQLiteDialect's emulations are read back as
/// what they stand for: a `wso2db_nextval_…` trigger is the column's `NEXTVAL` default, a
/// `wso2db_notnull_…` trigger its NOT NULL, a row of `wso2db_sequence` a sequence, and a
/// timestamp-touching trigger the trigger and function it was written for. SQLite keeps no names
/// for constraints other than what the DDL text says, so constraints come back unnamed.
extension SQLiteInspector {
    func inspect() throws -> Schema {
        var schema = Schema(name: "", version: "")
        let objects = try connection.query(
            """
            SELECT type, name, tbl_name, sql FROM sqlite_schema
             WHERE substr(name, 1, 7) <> 'sqlite_' ORDER BY rowid
            """
        ).rows.map { SchemaObject(type: $0[0].textValue ?? "", name: $0[1].textValue ?? "", table: $0[2].textValue ?? "", sql: $0[3].textValue ?? "") }
        let tables = objects.filter { $0.type == "table" && !$0.isBookkeeping }
        schema.tables = try inspectTables(tables.map(\.name))
        try inspectKeys(into: &schema.tables)
        try inspectIndexes(objects, into: &schema.tables)
        schema.sequences = try inspectSequences(present: objects.contains { $0.type == "table" && $0.name == SQLiteDialect.sequenceTable })
        readTriggers(objects.filter { $0.type == "trigger" }, into: &schema)
        return schema
    }

    struct SchemaObject {
        let type: String
        let name: String
        let table: String
        let sql: String

        var isBookkeeping: Bool { name.hasPrefix(SQLiteDialect.bookkeepingPrefix) }
    }

    /// The SQL that lists every WSO2 table beside one of its pragmas, for one query over all tables.
    private static func everyTable(joining pragma: String) -> String {
        """
        FROM sqlite_schema m JOIN \(pragma)(m.name) p
         WHERE m.type = 'table' AND substr(m.name, 1, 7) <> 'sqlite_' AND substr(m.name, 1, \(SQLiteDialect.bookkeepingPrefix.count)) <> '\(SQLiteDialect.bookkeepingPrefix)'
        """
    }

    private func inspectTables(_ names: [String]) throws -> [Table] {
        var tables = names.map { Table(name: $0) }
        var keys: [String: [(Int, String)]] = [:]
        let rows = try connection.query(
            "SELECT m.name, p.name, p.type, p.\"notnull\", p.dflt_value, p.pk \(Self.everyTable(joining: "pragma_table_info")) ORDER BY m.rowid, p.cid"
        ).rows
        for row in rows {
            let tableName = row[0].textValue ?? ""
            guard let position = tables.firstIndex(where: { $0.name == tableName }) else { continue }
            let type = ColumnType(sqlSpelling: row[2].textValue ?? "")
            let name = row[1].textValue ?? ""
            var options: [ColumnOption] = []
            if let expression = row[4].textValue { options.append(.default(DefaultValue(sqlExpression: expression, type: type))) }
            if row[3].integerValue == 1 { options.append(.notNull) }
            tables[position].columns.append(Column(name: name, type: type, options: options))
            if let order = row[5].integerValue, order > 0 { keys[tableName, default: []].append((Int(order), name)) }
        }
        for (position, table) in tables.enumerated() {
            if let key = keys[table.name] {
                tables[position].primaryKey = PrimaryKey(name: nil, columns: key.sorted { $0.0 < $1.0 }.map(\.1))
            }
        }
        return tables
    }

    private func inspectKeys(into tables: inout [Table]) throws {
        let rows = try connection.query(
            """
            SELECT m.name, p.id, p."table", p."from", p."to", p.on_update, p.on_delete \(Self.everyTable(joining: "pragma_foreign_key_list"))
             ORDER BY m.rowid, p.id DESC, p.seq
            """
        ).rows
        var current: (table: String, id: Int64)?
        for row in rows {
            let tableName = row[0].textValue ?? ""
            guard let position = tables.firstIndex(where: { $0.name == tableName }) else { continue }
            let id = row[1].integerValue ?? 0
            let column = row[3].textValue ?? ""
            // A reference without columns means the referenced table's primary key.
            let referencedTable = row[2].textValue ?? ""
            let referenced = row[4].textValue
                ?? tables.first { $0.name.sameSQLName(as: referencedTable) }?.primaryKey?.columns.first ?? ""
            if current?.table == tableName, current?.id == id {
                let last = tables[position].foreignKeys.count - 1
                tables[position].foreignKeys[last].columns.append(column)
                tables[position].foreignKeys[last].referencedColumns.append(referenced)
            } else {
                tables[position].foreignKeys.append(
                    ForeignKey(
                        [column], references: referencedTable, [referenced],
                        onDelete: ReferentialAction(rawValue: row[6].textValue ?? "") ?? .noAction,
                        onUpdate: ReferentialAction(rawValue: row[5].textValue ?? "") ?? .noAction))
                current = (tableName, id)
            }
        }
    }

    private func inspectIndexes(_ objects: [SchemaObject], into tables: inout [Table]) throws {
        let rows = try connection.query(
            """
            SELECT m.name, p.name, p."unique", p.origin,
                   (SELECT json_group_array(i.name) FROM (SELECT name FROM pragma_index_info(p.name) ORDER BY seqno) i)
              \(Self.everyTable(joining: "pragma_index_list")) ORDER BY m.rowid, p.seq DESC
            """
        ).rows
        let definitions = Dictionary(objects.filter { $0.type == "index" }.map { ($0.name, $0.sql) }, uniquingKeysWith: { first, _ in first })
        for row in rows {
            let tableName = row[0].textValue ?? ""
            let name = row[1].textValue ?? ""
            guard let position = tables.firstIndex(where: { $0.name == tableName }) else { continue }
            switch row[3].textValue {
            case "u":
                tables[position].uniqueConstraints.append(UniqueConstraint(name: nil, columns: Self.jsonNames(row[4].textValue ?? "[]")))
            case "c":
                let keys = Self.indexKeys(of: definitions[name] ?? "").map(IndexKey.init(sqlSpelling:))
                tables[position].indexes.append(Index(name, on: tableName, keys, unique: row[2].integerValue == 1))
            default:
                continue
            }
        }
        // pragma_index_list lists indexes newest first; the model keeps creation order.
        let created = Dictionary(objects.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        for position in tables.indices {
            tables[position].indexes.sort { (created[$0.name] ?? 0) < (created[$1.name] ?? 0) }
        }
    }

    private func inspectSequences(present: Bool) throws -> [DatabaseSequence] {
        guard present else { return [] }
        let table = SQLiteDialect().quoteExactly(SQLiteDialect.sequenceTable)
        return try connection.query("SELECT \"name\", \"start\", \"increment\" FROM \(table) ORDER BY rowid").rows.map { row in
            DatabaseSequence(row[0].textValue ?? "", start: Int(row[1].integerValue ?? 1), increment: Int(row[2].integerValue ?? 1))
        }
    }

    /// Triggers: the dialect's emulations are folded back into columns; the rest are triggers.
    private func readTriggers(_ triggers: [SchemaObject], into schema: inout Schema) {
        for trigger in triggers {
            guard let position = schema.tables.firstIndex(where: { $0.name == trigger.table }) else { continue }
            let column = Self.quotedName(after: "WHEN NEW.", in: trigger.sql)
            let columnIndex = schema.tables[position].columns.firstIndex { $0.name == column }
            if trigger.name.hasPrefix(SQLiteDialect.nextvalTriggerPrefix), let columnIndex,
                let sequence = Self.quotedLiteral(after: "WHERE \"name\" = ", in: trigger.sql)
            {
                schema.tables[position].columns[columnIndex].defaultValue = .nextValue(sequence)
            } else if trigger.name.hasPrefix(SQLiteDialect.notNullTriggerPrefix), let columnIndex {
                schema.tables[position].columns[columnIndex].isNullable = false
            } else if let marker = SQLiteDialect.TriggerMarker(parsing: trigger.sql),
                let stamped = Self.quotedName(after: " SET ", in: trigger.sql)
            {
                schema.triggers.append(Trigger(trigger.name, on: trigger.table, marker.timing, marker.events, executing: marker.function))
                if !schema.functions.contains(where: { $0.name == marker.function }) {
                    schema.functions.append(Function(marker.function, body: .touchTimestamp(column: stamped)))
                }
            } else if !trigger.isBookkeeping {
                schema.triggers.append(Self.foreignTrigger(trigger))
            }
        }
    }

    /// A trigger wso2db did not write: its timing and events from the DDL, and no function (SQLite
    /// triggers have none).
    private static func foreignTrigger(_ trigger: SchemaObject) -> Trigger {
        let header = trigger.sql.uppercased().split(separator: " ON ", maxSplits: 1).first.map(String.init) ?? ""
        let timing: TriggerTiming = header.contains(" AFTER ") ? .after : .before
        let events = [TriggerEvent.insert, .update, .delete].filter { header.contains(" \($0.rawValue)") }
        return Trigger(trigger.name, on: trigger.table, timing, events, executing: "")
    }

    // MARK: - Reading DDL text

    /// The key list of `CREATE INDEX name ON table (keys)`, split at top-level commas.
    static func indexKeys(of sql: String) -> [String] {
        guard let open = sql.firstIndex(of: "(") else { return [] }
        var keys: [String] = []
        var depth = 0
        var current = ""
        for character in sql[sql.index(after: open)...] {
            if character == "(" { depth += 1 }
            if character == ")" {
                if depth == 0 { break }
                depth -= 1
            }
            if character == ",", depth == 0 {
                keys.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        keys.append(current)
        return keys.map { key in
            // Sort order and collation do not change what is indexed.
            var words = key.split(separator: " ").map(String.init)
            while let last = words.last, ["ASC", "DESC"].contains(last.uppercased()) { words.removeLast() }
            return words.joined(separator: " ")
        }
    }

    /// The double-quoted name that follows `marker` in `sql`.
    static func quotedName(after marker: String, in sql: String) -> String? {
        quoted(after: marker, in: sql, by: "\"")
    }

    /// The single-quoted literal that follows `marker` in `sql`.
    static func quotedLiteral(after marker: String, in sql: String) -> String? {
        quoted(after: marker, in: sql, by: "'")
    }

    /// The text between `quote` and its closing twin right after `marker`; a doubled quote inside
    /// stands for one, as in SQL.
    private static func quoted(after marker: String, in sql: String, by quote: Character) -> String? {
        guard let range = sql.firstRange(of: marker) else { return nil }
        let rest = sql[range.upperBound...]
        guard rest.first == quote else { return nil }
        var text = ""
        var index = rest.index(after: rest.startIndex)
        while index < rest.endIndex {
            if rest[index] == quote {
                let next = rest.index(after: index)
                guard next < rest.endIndex, rest[next] == quote else { return text }
                text.append(quote)
                index = rest.index(after: next)
            } else {
                text.append(rest[index])
                index = rest.index(after: index)
            }
        }
        return nil
    }

    static func jsonNames(_ text: String) -> [String] {
        // json_group_array of plain names: ["A","B"]; names never contain quotes in WSO2's schemas,
        // and a quote inside one would be escaped by SQLite as \".
        var names: [String] = []
        var current: String?
        var escaped = false
        for character in text {
            if var name = current {
                if escaped {
                    name.append(character)
                    escaped = false
                    current = name
                } else if character == "\\" {
                    escaped = true
                } else if character == "\"" {
                    names.append(name)
                    current = nil
                } else {
                    name.append(character)
                    current = name
                }
            } else if character == "\"" {
                current = ""
            }
        }
        return names
    }
}

extension SQLiteConnection {
    /// Runs the script in a new in-memory database and reads that back.
    public func inspectScript(_ sql: String) throws -> Schema {
        let scratch = try SQLiteConnection(url: SQLite.url(path: ":memory:"), mode: .readWriteCreate)
        do {
            try scratch.execute(sql)
        } catch let error as DatabaseError {
            throw error.during("loading the expected schema's script")
        }
        return try scratch.inspectSchema()
    }

    /// Everything in the main database as model values; wso2db's bookkeeping is never part of it.
    public func inspectSchema() throws -> Schema {
        try SQLiteInspector(connection: self).inspect()
    }
}
