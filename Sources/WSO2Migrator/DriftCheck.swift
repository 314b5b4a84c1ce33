import Foundation
import SQLDriver
import WSO2Catalog
import WSO2Schema

/// Where the schema a live database is held against comes from.
public enum ExpectedSchema: Sendable {
    /// A catalog schema.
    case catalog(Schema)
    /// A dbscripts file of the user's own distribution, loaded somewhere scratch and read back.
    case script(path: String)
}

/// Holds a live database against its expected schema: what differs, and the SQL that repairs it.
public struct DriftCheck {
    /// What a check found.
    public struct Report: Sendable {
        /// What the database was held against, for messages (`WSO2_SHARED_DB 4.7.0`, `file shared.sql`).
        public var expected: String
        /// Every difference, per table in the expected order, then sequences and functions.
        public var differences: [SchemaDifference]
        /// The statements that bring the database back to the expected schema.
        public var repair: [RepairStatement]

        /// Whether the database differs from the expected schema at all.
        public var hasDrift: Bool { !differences.isEmpty }
    }

    /// Reads the live schema and compares it with the expected one; changes nothing.
    /// - Throws: `DatabaseError` when the database cannot be read, the script cannot be loaded, or
    ///   the database holds an object the model cannot describe.
    public static func run(
        on connection: any DatabaseConnection, expected source: ExpectedSchema, allowingDestructive: Bool = false
    ) throws -> Report {
        let dialect = connection.dialect
        let expected: Schema
        let label: String
        switch source {
        case .catalog(let schema):
            expected = dialect.inspectedForm(of: schema)
            label = "\(schema.name) \(schema.version)"
        case .script(let path):
            expected = try ExpectedScript.inspect(path, on: connection)
            label = "the schema of \(path)"
        }
        let live = try connection.inspectSchema()
        let behind = try SequencePositions.behind(expected: expected, live: live, on: connection)
        return report(
            expected: expected, label: label, live: live, sequencesBehind: behind, dialect: dialect, allowingDestructive: allowingDestructive)
    }

    /// What differs between `live` and `expected` (both in the dialect's inspected form), with the
    /// sequences found behind their rows, and the repair in `dialect`'s SQL.
    public static func report(
        expected: Schema, label: String, live: Schema, sequencesBehind behind: [SequencePositions.Behind] = [], dialect: any SQLDialect,
        allowingDestructive: Bool = false
    ) -> Report {
        let differences = SchemaDiffer.differences(expected: expected, actual: live)
        let repair = dialect.transaction(
            of: changeStatements(differences, expected: expected, live: live, dialect: dialect, allowingDestructive: allowingDestructive)
                + behind.map { RepairStatement(dialect.restartSequenceSQL($0.sequence.name, next: $0.repairedNext)) })
        return Report(expected: label, differences: differences + behind.map(\.difference), repair: repair)
    }

    /// The repair, with missing NOT NULL columns that have no default added as `migrate` adds them: nullable
    /// first, then filled (`UM_TENANT.UM_TENANT_UUID` with UUIDs, the formerly key-less tables' `ID` from their
    /// sequence, as the migration steps fill them), then made NOT NULL. Adding such a column NOT NULL at once
    /// fails on any table with rows. A column no step knows how to fill is added nullable, with a comment
    /// saying that it cannot be filled and what to do, and is left out of the NOT NULL statement.
    static func changeStatements(
        _ differences: [SchemaDifference], expected: Schema, live: Schema, dialect: any SQLDialect, allowingDestructive: Bool
    ) -> [RepairStatement] {
        let needFill: [(table: String, column: Column)] = differences.compactMap { difference in
            guard difference.kind == .missing, case .column(let column)? = difference.expected, let table = difference.table,
                live.table(named: table) != nil, !column.isNullable, column.defaultValue == nil, column.type != .serial
            else { return nil }
            return (table, column)
        }
        guard !needFill.isEmpty else {
            return dialect.changeStatements(for: differences, expected: expected, actual: live, allowingDestructive: allowingDestructive)
        }
        func withNullable(_ schema: Schema, adding: Bool) -> Schema {
            var result = schema
            for (table, column) in needFill {
                guard let position = result.tables.firstIndex(where: { $0.name.sameSQLName(as: table) }) else { continue }
                var nullable = column
                nullable.isNullable = true
                if let existing = result.tables[position].columns.firstIndex(where: { $0.name.sameSQLName(as: column.name) }) {
                    result.tables[position].columns[existing] = nullable
                } else if adding {
                    result.tables[position].columns.append(nullable)
                }
            }
            return result
        }
        // 1. Everything, with the columns nullable.
        let first = withNullable(expected, adding: false)
        var statements = dialect.changeStatements(
            for: SchemaDiffer.differences(expected: first, actual: live), expected: first, actual: live, allowingDestructive: allowingDestructive)
        // 2. The fill, as the steps do it.
        var unfilled: Set<String> = []
        for (table, column) in needFill {
            let fill = (Backfill.byTable.first { $0.key.sameSQLName(as: table) }?.value ?? []).first { $0.column.sameSQLName(as: column.name) }
            switch fill {
            case .uuid?: statements += dialect.dataStatements(for: .fillWithUUIDs(table: table, column: column.name))
            case .sequence(_, let sequence)?:
                statements += dialect.dataStatements(for: .fillFromSequence(table: table, column: column.name, sequence: sequence))
            case nil:
                unfilled.insert("\(table.uppercased()).\(column.name.uppercased())")
                statements.append(
                    RepairStatement(
                        "-- cannot fill \(table.uppercased()).\(column.name.uppercased()) for the rows the table holds: it is added "
                            + "nullable; give every row a value, then make it NOT NULL"))
            }
        }
        // 3. NOT NULL, once filled: the difference between the schema with the columns and the expected one.
        var filled = expected
        for (table, column) in needFill where unfilled.contains("\(table.uppercased()).\(column.name.uppercased())") {
            guard let position = filled.tables.firstIndex(where: { $0.name.sameSQLName(as: table) }),
                let at = filled.tables[position].columns.firstIndex(where: { $0.name.sameSQLName(as: column.name) })
            else { continue }
            filled.tables[position].columns[at].isNullable = true
        }
        let added = first.applyingColumns(of: needFill.map(\.table), to: live)
        let tightened = SchemaDiffer.differences(expected: filled, actual: added).filter { difference in
            difference.changes(.nullability) && needFill.contains { $0.table.sameSQLName(as: difference.table ?? "") }
        }
        statements += dialect.changeStatements(for: tightened, expected: filled, actual: added, allowingDestructive: false)
        return statements
    }
}

extension Schema {
    /// `live` with this schema's definition of each named table, for planning what follows statements that
    /// bring those tables to it.
    fileprivate func applyingColumns(of tables: [String], to live: Schema) -> Schema {
        var result = live
        for name in tables {
            guard let wanted = table(named: name), let position = result.tables.firstIndex(where: { $0.name.sameSQLName(as: name) }) else { continue }
            result.tables[position] = wanted
        }
        return result
    }
}
