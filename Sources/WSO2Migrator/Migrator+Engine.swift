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
    static func catalogSchema(_ version: String, engine: CatalogEngine) throws -> Schema {
        let database: WSO2Database = Catalog.versions(of: .shared).contains(version) ? .shared : .um
        return try Catalog.schema(for: database, version: version, engine: engine)
    }

    /// `step` with each object it creates or changes defined as `engine`'s catalog defines it at the
    /// step's version; what that catalog does not have (a sequence, on an engine without them) is
    /// left out. Unchanged on PostgreSQL, whose catalog the steps are written from.
    static func resolved(_ step: MigrationStep, for engine: CatalogEngine) throws -> MigrationStep {
        guard engine != .postgresql else { return step }
        let chain = MigrationChain.of(step)
        let target = try chain.catalogSchema(step.version, engine: engine)
        let start = (steps: try chain.catalogSchema(step.from), engine: try chain.catalogSchema(step.from, engine: engine))
        var step = step
        step.operations = step.operations.compactMap { operation in
            guard case .schema(let changes) = operation else { return operation }
            return .schema(changes.compactMap { resolved($0, in: target, from: start) })
        }
        return keepingForeignKeysServed(step, from: start.engine, to: target)
    }

    private static func resolved(_ change: SchemaChange, in target: Schema, from start: (steps: Schema, engine: Schema)) -> SchemaChange? {
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
        case .dropUnique(let table, let columns):
            // The same key, named alike, may have other columns in the engine's script (WSO2's PostgreSQL script of
            // 2.6.0 keys access tokens on TOKEN_ID where its MySQL script has TENANT_ID).
            let engineKeys = start.engine.table(named: table)?.uniqueConstraints ?? []
            guard !engineKeys.contains(where: { sameColumns($0.columns, columns) }),
                let name = start.steps.table(named: table)?.uniqueConstraints.first(where: { sameColumns($0.columns, columns) })?.name,
                let same = engineKeys.first(where: { $0.name?.sameSQLName(as: name) == true })
            else { return change }
            return .dropUnique(table: table, columns: same.columns)
        case .createSequence(let sequence):
            return target.sequence(named: sequence.name) == nil ? nil : change
        // PostgreSQL's trigger keeping a column's time; MySQL's scripts say ON UPDATE CURRENT_TIMESTAMP instead.
        case .createFunction(let function):
            return target.functions.contains { $0.name.sameSQLName(as: function.name) } ? change : nil
        case .createTrigger(let trigger):
            return target.triggers.contains { $0.name.sameSQLName(as: trigger.name) } ? change : nil
        case .dropFunction(let name):
            return start.engine.functions.contains { $0.name.sameSQLName(as: name) } ? change : nil
        case .dropTrigger(_, let name):
            return start.engine.triggers.contains { $0.name.sameSQLName(as: name) } ? change : nil
        case .dropSequence:
            return target.sequences.isEmpty ? nil : change
        case .createTable(let table):
            guard var found = target.table(named: table.name) else { return change }
            // Without the foreign keys the step adds later (once the keys they point at exist).
            found.foreignKeys.removeAll { key in !table.foreignKeys.contains { sameColumns($0.columns, key.columns) } }
            return .createTable(found)
        case .addColumn(let table, let given):
            return .addColumn(table: table, column(table, like: given))
        case .alterColumn(let table, let given):
            return .alterColumn(table: table, column(table, like: given))
        case .addPrimaryKey(let table, let key):
            let found = target.table(named: table)?.primaryKey.flatMap { sameColumns($0.columns, key.columns) ? $0 : nil }
            return .addPrimaryKey(table: table, found ?? key)
        case .addForeignKey(let table, let key):
            // The engine's own name for it (MySQL's `…_ibfk_1`), so that the result reads back as its script's.
            let found = target.table(named: table)?.foreignKeys.first {
                sameColumns($0.columns, key.columns) && $0.referencedTable.sameSQLName(as: key.referencedTable)
            }
            return .addForeignKey(table: table, found ?? key)
        case .addUnique(let table, let unique):
            let found = target.table(named: table)?.uniqueConstraints.first { sameColumns($0.columns, unique.columns) }
            return .addUnique(table: table, found ?? unique)
        case .createIndex(let index):
            // Not there: the engine keeps it as a unique key (MySQL), which the step's `addUnique` makes, or its
            // script has no such index (PostgreSQL's `LOWER(APP_NAME)` of 4.2.0).
            return target.indexes.first(where: { $0.name.sameSQLName(as: index.name) }).map { .createIndex($0) }
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
        let expected = dialect.inspectedForm(of: try MigrationChain.of(step).catalogSchema(step.version, engine: dialect.catalogEngine))
        let before = dialect.inspectedForm(of: model)
        let differences = SchemaDiffer.differences(expected: expected, actual: before)
        guard !differences.isEmpty else { return [] }
        let statements = dialect.changeStatements(for: differences, expected: expected, actual: try actual(before), allowingDestructive: false)
        // A column the engine's newer script makes NOT NULL with a default: rows without a value get the default first,
        // what a row the product inserts without naming the column gets (the steps' own rule, `AMStep`).
        var fills: [RepairStatement] = []
        for difference in differences where difference.kind == .changed {
            guard case .column(let wanted)? = difference.expected, let table = difference.table, !wanted.isNullable,
                before.table(named: table)?.column(named: wanted.name)?.isNullable == true,
                let value = wanted.defaultValue.flatMap(SeedValue.init(filling:))
            else { continue }
            fills += dialect.dataStatements(for: .fill(table: table, column: wanted.name, value: value))
        }
        return [RepairStatement("-- as WSO2's \(dialect.engineName) scripts of \(step.from) and \(step.version) differ beyond the step")]
            + fills + statements
    }
}
