/// The one differ: how a live schema differs from the expected one, object by object.
///
/// Normalisation, so that only real differences count:
/// - names compare without regard to case (WSO2 writes them unquoted; PostgreSQL folds them to
///   lower case, SQLite keeps them as written);
/// - types and defaults are compared as model values, so every engine spelling of one type or
///   default (`int4`/`INTEGER`, `nextval('x'::regclass)`/`NEXTVAL('X')`) is already one value, and
///   `DefaultValue.normalized(for:)` makes `NULL` no default, `'5'` on an integer column 5 and
///   `0`/`1` on a boolean column false/true;
/// - a primary-key column is NOT NULL whatever its declaration says, as on every engine;
/// - a constraint is matched first by name, then by its columns (and referenced table), and its
///   name is compared only when both sides have one: an unnamed constraint in the expected schema
///   may carry whatever name the engine generated, and SQLite reports no constraint names at all.
///   A dialect that knows the names its engine generates fills them in before comparing (see
///   `SQLDialect.inspectedForm(of:)`), so that a renamed constraint is found there too;
/// - seed rows are data, not structure, and are not compared.
///
/// Objects of a missing or extra table (its columns, keys, indexes, triggers) are not listed
/// again: the table's difference carries them.
public enum SchemaDiffer {
    /// Every difference of `actual` from `expected`: per table in the expected order (extra tables
    /// last), then sequences, then functions.
    public static func differences(expected: Schema, actual: Schema) -> [SchemaDifference] {
        var result: [SchemaDifference] = []
        let actualTables = TablesByName(actual.tables)
        let expectedTables = TablesByName(expected.tables)
        for table in expected.tables {
            guard let found = actualTables.table(named: table.name) else {
                result.append(SchemaDifference(.missing, table: table.name, expected: .table(table), actual: nil))
                continue
            }
            // Most tables of a step's before and after are one value: nothing to normalise or match.
            if found != table { result += differences(of: table, found) }
            result += triggerDifferences(
                expected.triggers.filter { $0.table.sameSQLName(as: table.name) },
                actual.triggers.filter { $0.table.sameSQLName(as: table.name) }, table: table.name)
        }
        for table in actual.tables where expectedTables.table(named: table.name) == nil {
            result.append(SchemaDifference(.extra, table: table.name, expected: nil, actual: .table(table)))
        }
        result += sequenceDifferences(expected.sequences, actual.sequences)
        result += functionDifferences(expected.functions, actual.functions)
        return result
    }

    // MARK: - Tables

    /// `Schema.table(named:)` answered from a dictionary: the differ looks up every table of both sides, and
    /// the linear search of each was most of a `migrate am` run's own time (it diffs ~150 tables per step).
    private struct TablesByName {
        /// Positions by upper-cased name: two names SQL takes as one have one upper case.
        private let positions: [String: [Int]]
        private let tables: [Table]

        init(_ tables: [Table]) {
            self.tables = tables
            positions = Dictionary(grouping: tables.indices) { tables[$0].name.uppercased() }
        }

        /// The first table whose name SQL takes as `name`, as `Schema.table(named:)` finds it.
        func table(named name: String) -> Table? {
            positions[name.uppercased()]?.first { tables[$0].name.sameSQLName(as: name) }.map { tables[$0] }
        }
    }

    static func differences(of expected: Table, _ actual: Table) -> [SchemaDifference] {
        var result: [SchemaDifference] = []
        let table = expected.name
        for column in expected.columns {
            guard let found = actual.column(named: column.name) else {
                result.append(SchemaDifference(.missing, table: table, expected: .column(column), actual: nil))
                continue
            }
            let changes = columnChanges(column, in: expected, found, in: actual)
            if !changes.isEmpty {
                result.append(SchemaDifference(.changed, table: table, expected: .column(column), actual: .column(found), changes: changes))
            }
        }
        for column in actual.columns where expected.column(named: column.name) == nil {
            result.append(SchemaDifference(.extra, table: table, expected: nil, actual: .column(column)))
        }
        result += primaryKeyDifferences(expected.primaryKey, actual.primaryKey, table: table)
        result += matched(
            expected.uniqueConstraints, actual.uniqueConstraints, name: \.name,
            passes: [{ $0.columns.sqlNames == $1.columns.sqlNames }]
        ).compactMap { pair in
            difference(pair, table: table, element: SchemaElement.uniqueConstraint) { wanted, found in
                var changes = nameChange(wanted.name, found.name)
                if wanted.columns.sqlNames != found.columns.sqlNames {
                    changes.append(.init(.columns, expected: wanted.columns.listed, actual: found.columns.listed))
                }
                return changes
            }
        }
        result += matched(
            expected.foreignKeys, actual.foreignKeys, name: \.name,
            passes: [
                { $0.columns.sqlNames == $1.columns.sqlNames && $0.referencedTable.sameSQLName(as: $1.referencedTable) },
                { $0.columns.sqlNames == $1.columns.sqlNames },
            ]
        ).compactMap { pair in
            difference(pair, table: table, element: SchemaElement.foreignKey, changes: foreignKeyChanges)
        }
        result += matched(expected.indexes, actual.indexes, name: { Optional($0.name) }, passes: []).compactMap { pair in
            difference(pair, table: table, element: SchemaElement.index, changes: indexChanges)
        }
        return result
    }

    static func columnChanges(_ expected: Column, in expectedTable: Table, _ actual: Column, in actualTable: Table)
        -> [SchemaDifference.Change]
    {
        var changes: [SchemaDifference.Change] = []
        switch (expected.type, actual.type) {
        case (.varchar(let wanted), .varchar(let found)) where wanted != found,
            (.char(let wanted), .char(let found)) where wanted != found:
            changes.append(.init(.length, expected: String(wanted), actual: String(found)))
        case let (wanted, found) where wanted != found:
            changes.append(.init(.type, expected: wanted.sqlDescription, actual: found.sqlDescription))
        default:
            break
        }
        let expectedNullable = expected.isNullable && !expectedTable.isPrimaryKeyColumn(expected.name)
        let actualNullable = actual.isNullable && !actualTable.isPrimaryKeyColumn(actual.name)
        if expectedNullable != actualNullable {
            changes.append(.init(.nullability, expected: nullability(expectedNullable), actual: nullability(actualNullable)))
        }
        let expectedDefault = expected.defaultValue?.normalized(for: expected.type)
        let actualDefault = actual.defaultValue?.normalized(for: actual.type)
        if expectedDefault != actualDefault {
            changes.append(
                .init(
                    .default, expected: expected.defaultValue?.sqlDescription ?? "none",
                    actual: actual.defaultValue?.sqlDescription ?? "none"))
        }
        if expected.collation != actual.collation {
            changes.append(.init(.collation, expected: expected.collation.described, actual: actual.collation.described))
        }
        if expected.isAutoIncrement != actual.isAutoIncrement {
            changes.append(.init(.autoIncrement, expected: String(expected.isAutoIncrement), actual: String(actual.isAutoIncrement)))
        }
        if expected.updatesToCurrentTimestamp != actual.updatesToCurrentTimestamp {
            changes.append(
                .init(.onUpdateTimestamp, expected: String(expected.updatesToCurrentTimestamp), actual: String(actual.updatesToCurrentTimestamp)))
        }
        return changes
    }

    private static func nullability(_ nullable: Bool) -> String { nullable ? "NULL" : "NOT NULL" }

    static func primaryKeyDifferences(_ expected: PrimaryKey?, _ actual: PrimaryKey?, table: String) -> [SchemaDifference] {
        switch (expected, actual) {
        case (nil, nil):
            return []
        case (let key?, nil):
            return [SchemaDifference(.missing, table: table, expected: .primaryKey(key), actual: nil)]
        case (nil, let key?):
            return [SchemaDifference(.extra, table: table, expected: nil, actual: .primaryKey(key))]
        case (let wanted?, let found?):
            var changes = nameChange(wanted.name, found.name)
            if wanted.columns.sqlNames != found.columns.sqlNames {
                changes.append(.init(.columns, expected: wanted.columns.listed, actual: found.columns.listed))
            }
            return changes.isEmpty
                ? [] : [SchemaDifference(.changed, table: table, expected: .primaryKey(wanted), actual: .primaryKey(found), changes: changes)]
        }
    }

    static func foreignKeyChanges(_ expected: ForeignKey, _ actual: ForeignKey) -> [SchemaDifference.Change] {
        var changes = nameChange(expected.name, actual.name)
        if expected.columns.sqlNames != actual.columns.sqlNames {
            changes.append(.init(.columns, expected: expected.columns.listed, actual: actual.columns.listed))
        }
        if !expected.referencedTable.sameSQLName(as: actual.referencedTable) {
            changes.append(.init(.referencedTable, expected: expected.referencedTable, actual: actual.referencedTable))
        }
        if expected.referencedColumns.sqlNames != actual.referencedColumns.sqlNames {
            changes.append(
                .init(.referencedColumns, expected: expected.referencedColumns.listed, actual: actual.referencedColumns.listed))
        }
        if expected.onDelete != actual.onDelete {
            changes.append(.init(.onDelete, expected: expected.onDelete.rawValue, actual: actual.onDelete.rawValue))
        }
        if expected.onUpdate != actual.onUpdate {
            changes.append(.init(.onUpdate, expected: expected.onUpdate.rawValue, actual: actual.onUpdate.rawValue))
        }
        return changes
    }

    static func indexChanges(_ expected: Index, _ actual: Index) -> [SchemaDifference.Change] {
        var changes: [SchemaDifference.Change] = []
        if !expected.table.sameSQLName(as: actual.table) {
            changes.append(.init(.table, expected: expected.table, actual: actual.table))
        }
        if expected.keys.map(\.normalized) != actual.keys.map(\.normalized) {
            changes.append(.init(.keys, expected: expected.keys.listed, actual: actual.keys.listed))
        }
        if expected.isUnique != actual.isUnique {
            changes.append(.init(.uniqueness, expected: expected.isUnique ? "UNIQUE" : "not unique", actual: actual.isUnique ? "UNIQUE" : "not unique"))
        }
        let expectedPrefixes = Dictionary(expected.prefixLengths.map { ($0.key.uppercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        let actualPrefixes = Dictionary(actual.prefixLengths.map { ($0.key.uppercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        if expectedPrefixes != actualPrefixes {
            changes.append(.init(.prefixes, expected: expected.prefixLengths.described, actual: actual.prefixLengths.described))
        }
        if expected.method?.uppercased() != actual.method?.uppercased() {
            changes.append(.init(.method, expected: expected.method ?? "default", actual: actual.method ?? "default"))
        }
        return changes
    }

    // MARK: - Triggers, sequences, functions

    static func triggerDifferences(_ expected: [Trigger], _ actual: [Trigger], table: String) -> [SchemaDifference] {
        matched(expected, actual, name: { Optional($0.name) }, passes: []).compactMap { pair in
            difference(pair, table: table, element: SchemaElement.trigger) { wanted, found in
                var changes: [SchemaDifference.Change] = []
                if wanted.timing != found.timing {
                    changes.append(.init(.timing, expected: wanted.timing.rawValue, actual: found.timing.rawValue))
                }
                if Set(wanted.events) != Set(found.events) {
                    changes.append(
                        .init(.events, expected: wanted.events.map(\.rawValue).joined(separator: " OR "),
                              actual: found.events.map(\.rawValue).joined(separator: " OR ")))
                }
                if !wanted.function.sameSQLName(as: found.function) {
                    changes.append(.init(.function, expected: wanted.function, actual: found.function))
                }
                return changes
            }
        }
    }

    static func sequenceDifferences(_ expected: [DatabaseSequence], _ actual: [DatabaseSequence]) -> [SchemaDifference] {
        matched(expected, actual, name: { Optional($0.name) }, passes: []).compactMap { pair in
            difference(pair, table: nil, element: SchemaElement.sequence) { wanted, found in
                var changes: [SchemaDifference.Change] = []
                if wanted.start != found.start { changes.append(.init(.start, expected: String(wanted.start), actual: String(found.start))) }
                if wanted.increment != found.increment {
                    changes.append(.init(.increment, expected: String(wanted.increment), actual: String(found.increment)))
                }
                return changes
            }
        }
    }

    static func functionDifferences(_ expected: [Function], _ actual: [Function]) -> [SchemaDifference] {
        matched(expected, actual, name: { Optional($0.name) }, passes: []).compactMap { pair in
            difference(pair, table: nil, element: SchemaElement.function) { wanted, found in
                wanted.body.normalized == found.body.normalized
                    ? [] : [.init(.body, expected: wanted.body.summary, actual: found.body.summary)]
            }
        }
    }

    // MARK: - Matching

    /// A pairing of expected and actual objects: both, or one side alone.
    enum Pair<Element> {
        case both(Element, Element)
        case missing(Element)
        case extra(Element)
    }

    /// Pairs objects: first those with the same name on both sides, then, among the rest, by each
    /// structural test in turn. What stays unpaired is missing or extra.
    static func matched<Element>(
        _ expected: [Element], _ actual: [Element], name: @escaping (Element) -> String?, passes: [(Element, Element) -> Bool]
    ) -> [Pair<Element>] {
        var pairs: [Int: Int] = [:]
        var taken = Set<Int>()
        let sameName: (Element, Element) -> Bool = { wanted, found in
            guard let left = name(wanted), let right = name(found) else { return false }
            return left.sameSQLName(as: right)
        }
        for test in [sameName] + passes {
            for (position, wanted) in expected.enumerated() where pairs[position] == nil {
                if let match = actual.indices.first(where: { !taken.contains($0) && test(wanted, actual[$0]) }) {
                    pairs[position] = match
                    taken.insert(match)
                }
            }
        }
        var result: [Pair<Element>] = expected.enumerated().map { position, wanted in
            pairs[position].map { .both(wanted, actual[$0]) } ?? .missing(wanted)
        }
        result += actual.indices.filter { !taken.contains($0) }.map { .extra(actual[$0]) }
        return result
    }

    /// The difference a pair makes, if any.
    static func difference<Element>(
        _ pair: Pair<Element>, table: String?, element: (Element) -> SchemaElement,
        changes: (Element, Element) -> [SchemaDifference.Change]
    ) -> SchemaDifference? {
        switch pair {
        case .missing(let wanted):
            return SchemaDifference(.missing, table: table, expected: element(wanted), actual: nil)
        case .extra(let found):
            return SchemaDifference(.extra, table: table, expected: nil, actual: element(found))
        case .both(let wanted, let found):
            let changes = changes(wanted, found)
            return changes.isEmpty
                ? nil : SchemaDifference(.changed, table: table, expected: element(wanted), actual: element(found), changes: changes)
        }
    }

    /// A name change, when both sides have a name and they differ.
    static func nameChange(_ expected: String?, _ actual: String?) -> [SchemaDifference.Change] {
        guard let expected, let actual, !expected.sameSQLName(as: actual) else { return [] }
        return [.init(.name, expected: expected, actual: actual)]
    }
}

extension RoutineBody {
    /// The body with spellings that mean the same made one.
    var normalized: RoutineBody {
        switch self {
        case .touchTimestamp(let column): .touchTimestamp(column: column.lowercased())
        case .definition(let text): .definition(text.collapsingSpaces.lowercased())
        }
    }

    /// What the body does, for reports.
    public var summary: String {
        switch self {
        case .touchTimestamp(let column): "sets \(column) to the current time"
        case .definition(let text): text.collapsingSpaces
        }
    }
}

extension Array where Element == String {
    /// The names as they compare.
    var sqlNames: [String] { map { $0.lowercased() } }
    /// `(A, B)`.
    var listed: String { "(" + joined(separator: ", ") + ")" }
}

extension Array where Element == IndexKey {
    var listed: String { "(" + map(\.sqlDescription).joined(separator: ", ") + ")" }
}

extension Optional where Wrapped == Collation {
    /// `latin1 / latin1_general_cs`, or what an unset one means.
    fileprivate var described: String {
        map { "\($0.characterSet) / \($0.name)" } ?? "the table's"
    }
}

extension Dictionary where Key == String, Value == Int {
    /// `A(512), B(64)`, or `none`.
    fileprivate var described: String {
        isEmpty ? "none" : sorted { $0.key < $1.key }.map { "\($0.key)(\($0.value))" }.joined(separator: ", ")
    }
}
