import WSO2Schema

/// A schema WSO2 published no script of for one engine, derived from that engine's script of the next
/// release: its tables as that script has them, without what the next release added according to
/// the two releases' PostgreSQL scripts (new tables, columns, indexes and named foreign keys).
///
/// The reference holds no MySQL script of carbon-kernel 4.6.2 (WSO2_SHARED_DB of API-M 4.0.0), a
/// waypoint of `migrate`; carbon-kernel 4.6.3's MySQL script less 4.6.2 → 4.6.3's additions stands in
/// for it. Derived here, so the catalog holds it as generated Swift like every other schema, and
/// regenerating checks it like the rest.
struct DerivedSource: Sendable {
    /// The type, database, version, source line and folder of the schema to write.
    var target: CatalogSource
    /// The generated type of the same engine's script of the next release.
    var base: String
    /// The generated types of the PostgreSQL scripts of the two releases, whose difference is taken out.
    var older: String
    var newer: String

    /// `base` without what `newer` added to `older`.
    static func derive(base: Schema, older: Schema, newer: Schema) -> Schema {
        var schema = base
        schema.tables = base.tables.compactMap { table in
            guard let was = older.table(named: table.name) else { return nil }
            let now = newer.table(named: table.name)
            var table = table
            table.columns.removeAll { column in was.column(named: column.name) == nil && now?.column(named: column.name) != nil }
            table.indexes.removeAll { index in
                !was.indexes.contains { $0.name.sameSQLName(as: index.name) } && now?.indexes.contains { $0.name.sameSQLName(as: index.name) } == true
            }
            table.foreignKeys.removeAll { key in
                guard let name = key.name else { return false }
                return !was.foreignKeys.contains { $0.name?.sameSQLName(as: name) == true }
                    && now?.foreignKeys.contains { $0.name?.sameSQLName(as: name) == true } == true
            }
            return table
        }
        let tables = schema.tables
        schema.seeds.removeAll { seed in !tables.contains { $0.name.sameSQLName(as: seed.table) } }
        return schema
    }
}
