import Migrations
import WSO2Schema

/// Where every foreign key needs an index (InnoDB), a key a step drops may be the only index a foreign key has:
/// the engine refuses to drop it. Such a foreign key is dropped just before and made again with the step's last
/// schema changes, once the keys it can rest on are back; the engine's catalog (which lists the indexes InnoDB
/// made for WSO2's scripts) tells which keys they are.
extension Migrator {
    /// `step` with each foreign key that only a primary or unique key it drops serves dropped first and added again
    /// at the end.
    static func keepingForeignKeysServed(_ step: MigrationStep, from start: Schema, to target: Schema) -> MigrationStep {
        func upper(_ columns: [String]) -> [String] { columns.map { $0.uppercased() } }
        func leads(_ columns: [String], _ key: [String]) -> Bool { Array(upper(columns).prefix(key.count)) == upper(key) }
        let dropped = Set(
            step.operations.flatMap { operation -> [String] in
                guard case .schema(let changes) = operation else { return [] }
                return changes.compactMap { change in
                    guard case .dropForeignKey(let table, _, let columns) = change else { return nil }
                    return "\(table.uppercased()) \(upper(columns))"
                }
            })
        var again: [SchemaChange] = []
        var step = step
        step.operations = step.operations.map { operation in
            guard case .schema(let changes) = operation else { return operation }
            return .schema(
                changes.flatMap { change -> [SchemaChange] in
                    let name: String
                    let columns: [String]
                    switch change {
                    case .dropUnique(let table, let keyColumns): (name, columns) = (table, keyColumns)
                    case .dropPrimaryKey(let table): (name, columns) = (table, start.table(named: table)?.primaryKey?.columns ?? [])
                    default: return [change]
                    }
                    guard let table = start.table(named: name), !columns.isEmpty else { return [change] }
                    var before: [SchemaChange] = []
                    for key in table.foreignKeys where leads(columns, key.columns) && !dropped.contains("\(name.uppercased()) \(upper(key.columns))") {
                        let served =
                            table.indexes.contains { index in leads(index.keys.map { key in if case .column(let c) = key { c } else { "" } }, key.columns) }
                            || table.uniqueConstraints.contains { upper($0.columns) != upper(columns) && leads($0.columns, key.columns) }
                            || table.primaryKey.map { upper($0.columns) != upper(columns) && leads($0.columns, key.columns) } == true
                        guard !served else { continue }
                        before.append(.dropForeignKey(table: name, name: key.name, columns: key.columns))
                        if let kept = target.table(named: name)?.foreignKeys.first(where: {
                            upper($0.columns) == upper(key.columns) && $0.referencedTable.sameSQLName(as: key.referencedTable)
                        }) {
                            again.append(.addForeignKey(table: name, kept))
                        }
                    }
                    return before + [change]
                })
        }
        guard !again.isEmpty, let last = step.operations.lastIndex(where: { if case .schema = $0 { true } else { false } }),
            case .schema(let changes) = step.operations[last]
        else { return step }
        step.operations[last] = .schema(changes + again)
        return step
    }
}
