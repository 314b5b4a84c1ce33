import Migrations
import SQLDriver
import WSO2Catalog
import WSO2Schema

/// Steps and catalog schemas as one engine's scripts write them. A step names its objects with
/// definitions taken from the PostgreSQL catalog (the steps are engine-neutral, and so are their
/// checksums); on an engine with scripts of its own (MySQL) each definition is looked up by name in
/// that engine's catalog at the step's version, so that a MySQL database gets MySQL's types,
/// collations and AUTO_INCREMENT columns, as WSO2's MySQL script of that release has them.
extension Migrator {
    /// The catalog schema at a version of the path (2.6.0 is the legacy schema), as `engine` has it.
    ///
    /// Where `engine`'s catalog lacks the version (WSO2 published no MySQL script of carbon-kernel
    /// 4.6.2, API-M 4.0.0), it is the engine's next newer release without what
    /// PostgreSQL's catalog says that newer version added (its new tables, indexes, columns and keys).
    static func catalogSchema(_ version: String, engine: CatalogEngine) throws -> Schema {
        let database: WSO2Database = Catalog.versions(of: .shared).contains(version) ? .shared : .um
        if engine == .postgresql || Catalog.versions(of: database, engine: engine).contains(version) {
            return try Catalog.schema(for: database, version: version, engine: engine)
        }
        func number(_ release: String) -> [Int] { release.split(separator: ".").map { Int($0) ?? 0 } }
        let newer = Catalog.versions(of: .shared, engine: engine).filter { number($0).lexicographicallyPrecedes(number(version)) == false && $0 != version }
            .min { number($0).lexicographicallyPrecedes(number($1)) }
        guard let newer else { return try Catalog.schema(for: database, version: version, engine: engine) }
        let (old, new) = (try catalogSchema(version), try catalogSchema(newer))
        var schema = try Catalog.schema(for: .shared, version: newer, engine: engine)
        schema.version = version
        schema.tables = schema.tables.compactMap { table in
            guard let was = old.table(named: table.name) else { return nil }
            let now = new.table(named: table.name)
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
        return schema
    }

    /// `step` with each object it creates or changes defined as `engine`'s catalog defines it at the
    /// step's version; what that catalog does not have (a sequence, on an engine without them) is
    /// left out. Unchanged on PostgreSQL, whose catalog the steps are written from.
    static func resolved(_ step: MigrationStep, for engine: CatalogEngine) throws -> MigrationStep {
        guard engine != .postgresql else { return step }
        let target = try catalogSchema(step.version, engine: engine)
        var step = step
        step.operations = step.operations.compactMap { operation in
            guard case .schema(let changes) = operation else { return operation }
            return .schema(changes.compactMap { resolved($0, in: target) })
        }
        return step
    }

    private static func resolved(_ change: SchemaChange, in target: Schema) -> SchemaChange? {
        func column(_ table: String, like given: Column) -> Column {
            guard var column = target.table(named: table)?.column(named: given.name) else { return given }
            // The step decides when a rule applies: a column is added bare and filled before it is required.
            column.isNullable = given.isNullable
            if given.defaultValue == nil { column.defaultValue = nil }
            return column
        }
        func sameColumns(_ left: [String], _ right: [String]) -> Bool {
            left.map { $0.uppercased() } == right.map { $0.uppercased() }
        }
        switch change {
        case .createSequence(let sequence):
            return target.sequence(named: sequence.name) == nil ? nil : change
        case .dropSequence:
            return target.sequences.isEmpty ? nil : change
        case .createTable(let table):
            return .createTable(target.table(named: table.name) ?? table)
        case .addColumn(let table, let given):
            return .addColumn(table: table, column(table, like: given))
        case .alterColumn(let table, let given):
            return .alterColumn(table: table, column(table, like: given))
        case .addPrimaryKey(let table, let key):
            let found = target.table(named: table)?.primaryKey.flatMap { sameColumns($0.columns, key.columns) ? $0 : nil }
            return .addPrimaryKey(table: table, found ?? key)
        case .addUnique(let table, let unique):
            let found = target.table(named: table)?.uniqueConstraints.first { sameColumns($0.columns, unique.columns) }
            return .addUnique(table: table, found ?? unique)
        case .createIndex(let index):
            if let found = target.indexes.first(where: { $0.name.sameSQLName(as: index.name) }) { return .createIndex(found) }
            // Where the engine keeps it as a unique key (MySQL), the step's `addUnique` makes it.
            let isUniqueKey = target.tables.contains { $0.uniqueConstraints.contains { $0.name?.sameSQLName(as: index.name) == true } }
            return isUniqueKey ? nil : change
        default:
            return change
        }
    }

    /// What `engine`'s scripts of the two releases differ in beyond the step's own changes (WSO2's
    /// MySQL scripts renamed an index, or made a column TIMESTAMP, where the PostgreSQL scripts
    /// did not): the statements that bring `model`, the step's result, to the engine's catalog
    /// schema of the step's version. Nothing on PostgreSQL, whose catalog the steps are written from.
    static func engineOwnChanges(
        after model: Schema, _ step: MigrationStep, _ dialect: any SQLDialect, _ actual: (Schema) throws -> Schema
    ) throws -> [RepairStatement] {
        guard dialect.catalogEngine != .postgresql else { return [] }
        let expected = dialect.inspectedForm(of: try catalogSchema(step.version, engine: dialect.catalogEngine))
        let before = dialect.inspectedForm(of: model)
        let differences = SchemaDiffer.differences(expected: expected, actual: before)
        guard !differences.isEmpty else { return [] }
        let statements = dialect.changeStatements(for: differences, expected: expected, actual: try actual(before), allowingDestructive: false)
        return [RepairStatement("-- as WSO2's \(dialect.engineName) scripts of \(step.from) and \(step.version) differ beyond the step")]
            + statements
    }
}
