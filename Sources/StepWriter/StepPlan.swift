import WSO2Schema

/// The difference of two schemas as the Swift expressions of the schema changes that make it, in two
/// phases (see `StepWriter`). Every definition is taken from `target` by name (`target.table("X")`),
/// so the generated text names objects and the catalog stays the one place that defines them.
struct StepPlan {
    var before: [String] = []
    var after: [String] = []
    var needValues: [String] = []
    var summary: String

    init(source: Schema, target: Schema) {
        let differences = SchemaDiffer.differences(expected: target, actual: source)
        var drops: [String] = []
        var loosen: [String] = []
        var creates: [String] = []
        var keys: [String] = []
        var lateKeys: [String] = []
        var foreignKeys: [String] = []
        var indexes: [String] = []
        var tighten: [String] = []
        var removals: [String] = []
        var counts: [String: Int] = [:]
        // Columns that get their values from the step's data work: a key on them waits for it.
        var filled = Set<String>()
        // Keys added or changed in this step: a new table's foreign key to one of them waits for it.
        var changedKeys = Set<String>()
        for difference in differences {
            guard let table = difference.table else { continue }
            switch (difference.kind, difference.expected, difference.actual) {
            case (.missing, .primaryKey?, _), (.changed, .primaryKey?, _), (.missing, .uniqueConstraint?, _), (.changed, .uniqueConstraint?, _):
                changedKeys.insert(table.uppercased())
            default:
                break
            }
        }

        func count(_ what: String) { counts[what, default: 0] += 1 }
        let q = StepWriter.literal
        for difference in differences where difference.table != nil {
            let table = difference.table.map { $0 }
            let t = table.map(q) ?? ""
            switch (difference.kind, difference.expected, difference.actual) {
            case (.missing, .table(let wanted)?, _):
                count("tables created")
                let late = wanted.foreignKeys.filter { changedKeys.contains($0.referencedTable.uppercased()) && !$0.referencedTable.sameSQLName(as: wanted.name) }
                if late.isEmpty {
                    creates.append(".createTable(target.table(\(q(wanted.name))))")
                } else {
                    let columns = late.map { "[" + $0.columns.map { q($0.uppercased()) }.joined(separator: ", ") + "]" }.joined(separator: ", ")
                    creates.append(".createTable(target.table(\(q(wanted.name)), withoutForeignKeysOn: [\(columns)]))")
                    foreignKeys += late.map { ".addForeignKey(table: \(q(wanted.name)), \(Self.foreignKey(wanted.name, $0)))" }
                }
                for trigger in target.triggers where trigger.table.sameSQLName(as: wanted.name) {
                    creates.append(".createTrigger(target.trigger(\(q(trigger.name)), on: \(q(trigger.table))))")
                }
            case (.extra, _, .table(let found)?):
                count("tables dropped")
                // Its own foreign keys go first, so that tables dropped together drop in any order.
                drops += found.foreignKeys.map { ".dropForeignKey(table: \(q(found.name)), name: \(Self.optional($0.name)), columns: \(Self.names($0.columns)))" }
                removals.append(".dropTable(\(q(found.name)))")
            case (.missing, .column(let column)?, _):
                count("columns added")
                filled.insert("\(table!.uppercased()).\(column.name.uppercased())")
                if column.isNullable || column.defaultValue != nil || Self.isKeyColumn(column.name, of: target, table: table!) && column.defaultValue != nil {
                    loosen.append(".addColumn(table: \(t), target.column(\(t), \(q(column.name))))")
                } else {
                    needValues.append("\(table!.uppercased()).\(column.name.uppercased())")
                    loosen.append(".addColumn(table: \(t), target.bareColumn(\(t), \(q(column.name))))")
                    tighten.append(".alterColumn(table: \(t), target.column(\(t), \(q(column.name))))")
                }
            case (.extra, _, .column(let column)?):
                count("columns dropped")
                removals.append(".dropColumn(table: \(t), column: \(q(column.name)))")
            case (.changed, .column(let wanted)?, .column(let found)?):
                count("columns changed")
                let targetTable = target.table(named: table!)!
                let tightens = difference.changes(.nullability) && !wanted.isNullable && !targetTable.isPrimaryKeyColumn(wanted.name)
                let other = difference.changes.contains { $0.aspect != .nullability }
                if tightens {
                    if other { loosen.append(".alterColumn(table: \(t), target.looseColumn(\(t), \(q(wanted.name))))") }
                    tighten.append(".alterColumn(table: \(t), target.column(\(t), \(q(wanted.name))))")
                    if wanted.defaultValue == nil || found.isNullable {
                        needValues.append("\(table!.uppercased()).\(wanted.name.uppercased())")
                        filled.insert("\(table!.uppercased()).\(wanted.name.uppercased())")
                    }
                } else {
                    loosen.append(".alterColumn(table: \(t), target.column(\(t), \(q(wanted.name))))")
                }
            case (.missing, .primaryKey(let key)?, _):
                count("keys added")
                Self.key(".addPrimaryKey(table: \(t), target.primaryKey(\(t)))", key.columns, table!, filled, &keys, &lateKeys)
            case (.extra, _, .primaryKey?):
                count("keys dropped")
                drops.append(".dropPrimaryKey(table: \(t))")
            case (.changed, .primaryKey(let key)?, _):
                count("keys changed")
                drops.append(".dropPrimaryKey(table: \(t))")
                Self.key(".addPrimaryKey(table: \(t), target.primaryKey(\(t)))", key.columns, table!, filled, &keys, &lateKeys)
            case (.missing, .uniqueConstraint(let unique)?, _):
                count("keys added")
                Self.key(".addUnique(table: \(t), \(Self.unique(table!, unique)))", unique.columns, table!, filled, &keys, &lateKeys)
            case (.extra, _, .uniqueConstraint(let unique)?):
                count("keys dropped")
                drops.append(".dropUnique(table: \(t), columns: \(Self.names(unique.columns)))")
            case (.changed, .uniqueConstraint(let wanted)?, .uniqueConstraint(let found)?):
                count("keys changed")
                drops.append(".dropUnique(table: \(t), columns: \(Self.names(found.columns)))")
                Self.key(".addUnique(table: \(t), \(Self.unique(table!, wanted)))", wanted.columns, table!, filled, &keys, &lateKeys)
            case (.missing, .foreignKey(let key)?, _):
                count("foreign keys added")
                foreignKeys.append(".addForeignKey(table: \(t), \(Self.foreignKey(table!, key)))")
            case (.extra, _, .foreignKey(let key)?):
                count("foreign keys dropped")
                drops.append(".dropForeignKey(table: \(t), name: \(Self.optional(key.name)), columns: \(Self.names(key.columns)))")
            case (.changed, .foreignKey(let wanted)?, .foreignKey(let found)?):
                count("foreign keys changed")
                drops.append(".dropForeignKey(table: \(t), name: \(Self.optional(found.name)), columns: \(Self.names(found.columns)))")
                foreignKeys.append(".addForeignKey(table: \(t), \(Self.foreignKey(table!, wanted)))")
            case (.missing, .index(let index)?, _):
                count("indexes created")
                indexes.append(".createIndex(target.index(\(q(index.name))))")
            case (.extra, _, .index(let index)?):
                count("indexes dropped")
                drops.append(".dropIndex(table: \(t), name: \(q(index.name)))")
            case (.changed, .index(let wanted)?, .index(let found)?):
                count("indexes changed")
                drops.append(".dropIndex(table: \(q(found.table)), name: \(q(found.name)))")
                indexes.append(".createIndex(target.index(\(q(wanted.name))))")
            case (.missing, .trigger(let trigger)?, _):
                count("triggers created")
                indexes.append(".createTrigger(target.trigger(\(q(trigger.name)), on: \(q(trigger.table))))")
            case (.extra, _, .trigger(let trigger)?):
                count("triggers dropped")
                drops.append(".dropTrigger(table: \(q(trigger.table)), name: \(q(trigger.name)))")
            case (.changed, .trigger(let wanted)?, .trigger(let found)?):
                count("triggers changed")
                drops.append(".dropTrigger(table: \(q(found.table)), name: \(q(found.name)))")
                indexes.append(".createTrigger(target.trigger(\(q(wanted.name)), on: \(q(wanted.table))))")
            default:
                preconditionFailure("the step generator has no change for: \(difference.line)")
            }
        }
        // A column that leaves the primary key keeps the NOT NULL the key gave it only where the newer release
        // declares it: the differ sees no change while the key is there, so the rule is stated here.
        for difference in differences where difference.table != nil {
            guard case .primaryKey(let old)? = difference.actual, difference.kind != .missing,
                let table = difference.table, let before = source.table(named: table), let now = target.table(named: table)
            else { continue }
            for name in old.columns where !now.isPrimaryKeyColumn(name) {
                guard let wanted = now.column(named: name), let found = before.column(named: name), !wanted.isNullable, found.isNullable,
                    !tighten.contains(where: { $0.contains(q(wanted.name)) && $0.contains(q(table)) })
                else { continue }
                tighten.append(".alterColumn(table: \(q(table)), target.column(\(q(table)), \(q(wanted.name))))")
            }
        }
        // Sequences and functions belong to no table.
        var sequences: [String] = []
        var functions: [String] = []
        for difference in differences where difference.table == nil {
            switch (difference.kind, difference.expected, difference.actual) {
            case (.missing, .sequence(let sequence)?, _):
                count("sequences created")
                sequences.append(".createSequence(target.sequence(\(q(sequence.name))))")
            case (.extra, _, .sequence(let sequence)?):
                count("sequences dropped")
                removals.append(".dropSequence(\(q(sequence.name)))")
            case (.missing, .function(let function)?, _):
                count("functions created")
                functions.append(".createFunction(target.function(\(q(function.name))))")
            case (.extra, _, .function(let function)?):
                count("functions dropped")
                removals.append(".dropFunction(\(q(function.name)))")
            default:
                preconditionFailure("the step generator has no change for: \(difference.line)")
            }
        }
        before = drops + sequences + functions + creates + loosen + keys
        after = tighten + lateKeys + foreignKeys + indexes + removals
        summary = counts.isEmpty ? "none" : counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
    }

    /// A key goes before the data work unless it is on a column the data work fills.
    static func key(_ text: String, _ columns: [String], _ table: String, _ filled: Set<String>, _ keys: inout [String], _ lateKeys: inout [String]) {
        if columns.contains(where: { filled.contains("\(table.uppercased()).\($0.uppercased())") }) {
            lateKeys.append(text)
        } else {
            keys.append(text)
        }
    }

    static func isKeyColumn(_ column: String, of schema: Schema, table: String) -> Bool {
        schema.table(named: table)?.isPrimaryKeyColumn(column) ?? false
    }

    static func unique(_ table: String, _ unique: UniqueConstraint) -> String {
        "target.unique(\(StepWriter.literal(table)), " + unique.columns.map { StepWriter.literal($0.uppercased()) }.joined(separator: ", ") + ")"
    }

    static func foreignKey(_ table: String, _ key: ForeignKey) -> String {
        if let name = key.name { return "target.foreignKey(\(StepWriter.literal(table)), name: \(StepWriter.literal(name)))" }
        return "target.foreignKey(\(StepWriter.literal(table)), " + key.columns.map { StepWriter.literal($0.uppercased()) }.joined(separator: ", ") + ")"
    }

    static func names(_ names: [String]) -> String { "[" + names.map(StepWriter.literal).joined(separator: ", ") + "]" }

    static func optional(_ name: String?) -> String { name.map(StepWriter.literal) ?? "nil" }
}
