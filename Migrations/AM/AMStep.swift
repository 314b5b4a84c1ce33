import WSO2Catalog
import WSO2Schema

/// How an AM step is put together: the renames first, the generated changes made before the data work,
/// the data work, the generated changes made after it, then the rows the newer release's script inserts.
enum AMStep {
    /// The step `from` → `to` with its hand-written data work.
    ///
    /// A column that becomes NOT NULL (`needValues`) and that neither `data` nor `givenBySQL` gives values
    /// to, but that has a default in `to`, gets the default in every row that has none: what a row the product
    /// inserts without naming the column gets. A test checks that every other such column is given values.
    /// - Parameter givenBySQL: the columns (`TABLE.COLUMN`) that raw SQL in `data` gives a value in every row.
    static func step(
        from: String, to: String, description: String, renames: [SchemaChange] = [], before: [SchemaChange],
        data: [MigrationStep.Operation] = [], givenBySQL: Set<String> = [], after: [SchemaChange], needValues: [String],
        target: Target, leftToWSO2: [String] = [], formerChecksums: [String] = []
    ) -> MigrationStep {
        var given = givenBySQL
        for case .data(let change) in data { if let column = change.filledColumn { given.insert(column) } }
        var defaults: [MigrationStep.Operation] = []
        for name in needValues where !given.contains(name) {
            let parts = name.split(separator: ".").map(String.init)
            guard let value = target.column(parts[0], parts[1]).defaultValue.flatMap(SeedValue.init(filling:)) else { continue }
            defaults.append(.data(.fill(table: parts[0], column: parts[1], value: value)))
        }
        var operations: [MigrationStep.Operation] = []
        if !renames.isEmpty { operations.append(.schema(renames)) }
        if !before.isEmpty { operations.append(.schema(before)) }
        operations += data + defaults
        if !after.isEmpty { operations.append(.schema(after)) }
        operations += newSeeds(from: from, to: to).map { .data(.insert($0)) }
        var step = MigrationStep(
            from: from, to: to, description: description, operations: operations, formerChecksums: formerChecksums, database: .am)
        step.valuesGivenBySQL = givenBySQL
        step.leftToWSO2 = leftToWSO2
        return step
    }

    /// The rows `to`'s script inserts that `from`'s does not, each left alone where a row with its key exists
    /// (a database in use may hold them already, or the product may have written them).
    static func newSeeds(from: String, to: String) -> [SeedRow] {
        // The catalog holds every AM release; a test builds every step.
        let old = Set(try! Catalog.schema(for: .am, version: from).seeds.map(key))
        return try! Catalog.schema(for: .am, version: to).seeds.filter { !old.contains(key($0)) }.map { seed in
            var seed = seed
            seed.ignoresConflicts = true
            return seed
        }
    }

    private static func key(_ seed: SeedRow) -> String {
        seed.table.uppercased() + "|" + seed.columns.map { $0.uppercased() }.joined(separator: ",") + "|" + "\(seed.values)"
    }
}

extension AMStep {
    /// Raw SQL written once in the SQL every engine speaks alike (unquoted upper-case names, plain
    /// UPDATE/INSERT/DELETE with subqueries), for the engines the project has.
    /// - Parameter counting: for SQL that `destroys`, the tables and the query that count the rows it would delete.
    static func portable(
        _ description: String, _ statements: [String], destroys: String? = nil, counting: (tables: [String], query: String)? = nil
    ) -> MigrationStep.Operation {
        let count = counting.map { LossCount(tables: $0.tables, statements: ["postgresql": $0.query, "sqlite": $0.query, "mysql": $0.query]) }
        return .sql(
            RawSQL(
                description, statements: ["postgresql": statements, "sqlite": statements, "mysql": statements], destroys: destroys,
                lossCount: count))
    }
}
