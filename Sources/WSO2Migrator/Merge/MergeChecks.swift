import SQLDriver
import WSO2Schema

extension Conflict {
    /// Rows of a merge source that the target's rules would reject, whatever release the source is at: the
    /// rules are read off the two schemas, not off the migration steps, so that a 2.1.0 source is held to
    /// what 2.1.0 lacks (`UNIQUE (UM_RESOURCE_ID, UM_ACTION, UM_TENANT_ID)` on `UM_PERMISSION`) and a 3.2.0
    /// one only to what 3.2.0 lacks.
    ///
    /// For each target table the source's release has: duplicates under a key, unique constraint or unique
    /// index the source does not enforce over the same columns (or fewer), and NULLs in a column the target
    /// makes NOT NULL that the source leaves nullable. A column the release lacks is backfilled, so no rule over it
    /// is checked here. Narrower columns (2.1.0's `VARCHAR(20)` registry users, where 4.7.0 has 255) fit.
    /// - Parameters:
    ///   - live: the source's live tables taken by the merge.
    ///   - release: the catalog schema of the source's release.
    ///   - target: the schema the rows go into.
    ///   - comparing: how the target's keys compare text, by table and column (`keyComparisons`).
    /// - Returns: the conflicts found, and the keys whose duplicates only the target can find (`KeyOnTarget`).
    static func find(
        merging live: Schema, at release: Schema, into target: Schema, on connection: any DatabaseConnection,
        comparing: [String: [String: KeyComparison]] = [:]
    ) throws -> (conflicts: [Conflict], onTarget: [KeyOnTarget]) {
        let dialect = connection.dialect
        var conflicts: [Conflict] = []
        var onTarget: [KeyOnTarget] = []
        var sourceComparisons: [Collation?: KeyComparison] = [:]
        for expected in target.tables {
            guard let old = release.table(named: expected.name), var table = live.table(named: expected.name) else { continue }
            // Named as WSO2 writes them, whatever case the engine keeps.
            table.name = expected.name
            for index in table.columns.indices { table.columns[index].name = table.columns[index].name.uppercased() }
            if let key = table.primaryKey { table.primaryKey = PrimaryKey(name: key.name, columns: key.columns.map { $0.uppercased() }) }
            let columns: (Index) -> [String]? = { index in
                let names = index.keys.compactMap { key -> String? in
                    if case .column(let name) = key { return name }
                    return nil
                }
                return names.count == index.keys.count ? names : nil
            }
            let rules: [(String, [String])] =
                (expected.primaryKey.map { [("PRIMARY KEY", $0.columns)] } ?? [])
                + expected.uniqueConstraints.map { ("UNIQUE", $0.columns) }
                + expected.indexes.filter(\.isUnique).compactMap { index in columns(index).map { ("UNIQUE INDEX", $0) } }
            let comparison = { (column: String) in comparing[expected.name]?[column.uppercased()] ?? .asStored }
            // A key of the source holds under the target's only where the target compares each of its text
            // columns as the source does, or by bytes (finer than any collation): a PostgreSQL key keeps
            // 'CaseUser' and 'caseuser' apart, a MySQL `_ci` one does not.
            func holdsOnTarget(_ key: [String]) throws -> Bool {
                for name in key {
                    guard let column = table.column(named: name) else { return false }
                    switch column.type {
                    case .varchar, .char, .text: break
                    default: continue
                    }
                    let wanted = comparison(name)
                    if wanted == .asStored || wanted == .bytes { continue }
                    let declared = column.collation ?? table.collation
                    let own = try sourceComparisons[declared] ?? connection.keyComparison(declared: declared)
                    sourceComparisons[declared] = own
                    if own != wanted { return false }
                }
                return true
            }
            // What the source itself enforces (its live keys, which may be fewer than its release's).
            let held: [[String]] = try ((table.primaryKey.map { [$0.columns] } ?? []) + table.uniqueConstraints.map(\.columns)
                + table.indexes.filter(\.isUnique).compactMap(columns)).filter(holdsOnTarget)
            for (rule, keyColumns) in rules {
                guard keyColumns.allSatisfy({ old.column(named: $0) != nil }) else { continue }
                let wanted = Set(keyColumns.map { $0.uppercased() })
                // A rule the release already enforces over the same columns (or fewer) holds for every row.
                guard !held.contains(where: { Set($0.map { $0.uppercased() }).isSubset(of: wanted) }) else { continue }
                if let found = try duplicates(of: keyColumns, in: table, rule: rule, version: target.version, connection, dialect, comparing: comparison) {
                    conflicts += found
                } else {
                    onTarget.append(KeyOnTarget(table: table, columns: keyColumns, rule: rule))
                }
            }
            for column in expected.columns where !column.isNullable || expected.isPrimaryKeyColumn(column.name) {
                guard old.column(named: column.name) != nil, let was = table.column(named: column.name), was.isNullable,
                    !table.isPrimaryKeyColumn(column.name)
                else { continue }
                conflicts += try nulls(in: column.name, of: table, version: target.version, connection, dialect)
            }
        }
        return (conflicts, onTarget)
    }

    /// How `target`'s keys compare each text column of its tables as the target engine's catalog
    /// defines them (`catalog`): a MySQL column by its collation or its database's, elsewhere by bytes.
    /// Read before the sources are checked at once, each on its own connection.
    static func keyComparisons(of catalog: Schema, on target: any DatabaseConnection) throws -> [String: [String: KeyComparison]] {
        var known: [Collation?: KeyComparison] = [:]
        var result: [String: [String: KeyComparison]] = [:]
        for table in catalog.tables {
            for column in table.columns {
                switch column.type {
                case .varchar, .char, .text: break
                default: continue
                }
                let declared = column.collation ?? table.collation
                let comparison = try known[declared] ?? target.keyComparison(declared: declared)
                known[declared] = comparison
                result[table.name, default: [:]][column.name.uppercased()] = comparison
            }
        }
        return result
    }
}
