import SQLDriver

/// Reads what a live PostgreSQL database holds, from `pg_catalog`.
struct PostgresInspector {
    let connection: PostgresConnection

    /// Relations, functions and triggers in the schema WSO2's objects go to (the first schema on the
    /// search path, `public` by default). wso2db's own schema is never part of it.
    func existingObjects() throws -> [ExistingObject] {
        let result = try connection.query(
            """
            SELECT c.relname, c.relkind::text FROM pg_catalog.pg_class c
             WHERE c.relnamespace = (SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = current_schema())
               AND c.relkind IN ('r', 'p', 'S', 'i', 'v', 'm', 'f')
            UNION ALL
            SELECT p.proname, 'F' FROM pg_catalog.pg_proc p
             WHERE p.pronamespace = (SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = current_schema())
            UNION ALL
            SELECT t.tgname, 'T' FROM pg_catalog.pg_trigger t JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
             WHERE NOT t.tgisinternal
               AND c.relnamespace = (SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = current_schema())
            """)
        return result.rows.map { row in
            let kind: ExistingObject.Kind =
                switch row[1].textValue {
                case "r", "p", "f": .table
                case "S": .sequence
                case "i": .index
                case "v", "m": .view
                case "F": .function
                case "T": .trigger
                default: .other
                }
            return ExistingObject(kind: kind, name: row[0].textValue ?? "")
        }
    }
}
