import WSO2Schema

/// The names PostgreSQL gives constraints that WSO2's script leaves unnamed.
///
/// wso2db always names every constraint explicitly, so the database it creates does not depend on
/// creation order; these are the names PostgreSQL 15 would have chosen for WSO2's script
/// (`ChooseRelationName` / `ChooseConstraintName` / `makeObjectName` in the server): the table
/// name, the column names joined by `_`, and a label (`pkey`, `key`, `fkey`), cut to 63 bytes by
/// shortening the longer part first, with a number added to the label on a clash.
struct PostgresNaming {
    /// PostgreSQL's identifier limit is NAMEDATALEN - 1 bytes.
    static let maximumLength = 63

    private var primaryKeys: [String: String] = [:]
    private var uniques: [String: [String]] = [:]
    private var foreignKeys: [String: [String]] = [:]

    init(schema: Schema, fold: (String) -> String) {
        var relations = Set(schema.sequences.map { fold($0.name) })
        var constraints = Set<String>()
        for table in schema.tables {
            let tableName = fold(table.name)
            relations.insert(tableName)
            if let key = table.primaryKey {
                let name = key.name.map(fold)
                    ?? Self.choose(tableName, nil, "pkey") { relations.contains($0) || constraints.contains($0) }
                relations.insert(name)
                constraints.insert(name)
                primaryKeys[table.name] = name
            }
            uniques[table.name] = table.uniqueConstraints.map { unique in
                let name = unique.name.map(fold)
                    ?? Self.choose(tableName, Self.addition(unique.columns.map(fold)), "key") {
                        relations.contains($0) || constraints.contains($0)
                    }
                relations.insert(name)
                constraints.insert(name)
                return name
            }
            for index in table.indexes { relations.insert(fold(index.name)) }
            foreignKeys[table.name] = table.foreignKeys.map { foreignKey in
                let name = foreignKey.name.map(fold)
                    ?? Self.choose(tableName, Self.addition(foreignKey.columns.map(fold)), "fkey") {
                        constraints.contains($0)
                    }
                constraints.insert(name)
                return name
            }
        }
    }

    func primaryKeyName(of table: Table) -> String { primaryKeys[table.name]! }
    func uniqueName(of table: Table, at position: Int) -> String { uniques[table.name]![position] }
    func foreignKeyName(of table: Table, at position: Int) -> String { foreignKeys[table.name]![position] }

    /// Column names joined by `_`, stopping once the result reaches the identifier limit.
    static func addition(_ columns: [String]) -> String {
        var buffer = ""
        for column in columns {
            if !buffer.isEmpty { buffer += "_" }
            buffer += column
            if buffer.utf8.count > maximumLength { break }
        }
        return buffer
    }

    /// `makeObjectName`: `name1_name2_label`, the longer of the two names shortened first until
    /// the whole fits in 63 bytes.
    static func makeObjectName(_ name1: String, _ name2: String?, _ label: String) -> String {
        var overhead = label.utf8.count + 1
        if name2 != nil { overhead += 1 }
        let available = maximumLength - overhead
        var length1 = name1.utf8.count
        var length2 = name2?.utf8.count ?? 0
        while length1 + length2 > available {
            if length1 > length2 { length1 -= 1 } else { length2 -= 1 }
        }
        var result = String(decoding: name1.utf8.prefix(length1), as: UTF8.self)
        if let name2 { result += "_" + String(decoding: name2.utf8.prefix(length2), as: UTF8.self) }
        return result + "_" + label
    }

    /// Tries `label`, then `label1`, `label2`, … until `taken` says the name is free.
    static func choose(_ name1: String, _ name2: String?, _ label: String, taken: (String) -> Bool) -> String {
        var candidate = makeObjectName(name1, name2, label)
        var pass = 0
        while taken(candidate) {
            pass += 1
            candidate = makeObjectName(name1, name2, label + String(pass))
        }
        return candidate
    }
}
