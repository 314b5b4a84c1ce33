import SQLDriver

/// Reads what a live SQLite database holds, from `sqlite_schema` and wso2db's sequence table.
struct SQLiteInspector {
    let connection: SQLiteConnection

    /// Tables, indexes, views and triggers (SQLite's own and wso2db's bookkeeping excluded), and
    /// the emulated sequences.
    func existingObjects() throws -> [ExistingObject] {
        let schema = try connection.query(
            """
            SELECT type, name FROM sqlite_schema
             WHERE substr(name, 1, 7) <> 'sqlite_' AND substr(name, 1, \(SQLiteDialect.bookkeepingPrefix.count)) <> ?1
            """, .text(SQLiteDialect.bookkeepingPrefix))
        var objects = schema.rows.map { row in
            let kind: ExistingObject.Kind =
                switch row[0].textValue {
                case "table": .table
                case "index": .index
                case "view": .view
                case "trigger": .trigger
                default: .other
                }
            return ExistingObject(kind: kind, name: row[1].textValue ?? "")
        }
        let hasSequences = try connection.query(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?1", .text(SQLiteDialect.sequenceTable))
        if hasSequences.rows.first?.first?.integerValue == 1 {
            let sequences = try connection.query(
                "SELECT \"name\" FROM \(SQLiteDialect().quoteExactly(SQLiteDialect.sequenceTable))")
            objects += sequences.rows.map { ExistingObject(kind: .sequence, name: $0[0].textValue ?? "") }
        }
        return objects
    }
}
