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
            expected = try connection.inspectScript(try readScript(path))
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
            of: dialect.changeStatements(for: differences, expected: expected, actual: live, allowingDestructive: allowingDestructive)
                + behind.map { RepairStatement(dialect.restartSequenceSQL($0.sequence.name, next: $0.repairedNext)) })
        return Report(expected: label, differences: differences + behind.map(\.difference), repair: repair)
    }

    static func readScript(_ path: String) throws -> String {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue,
            let data = FileManager.default.contents(atPath: path)
        else {
            throw DatabaseError(
                .invalidInput, "cannot read the expected schema's script \(path)",
                hint: "give the path of a SQL file, for example dbscripts/postgresql.sql of your API-M distribution")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw DatabaseError(.invalidInput, "\(path) is not UTF-8 text", hint: "give a SQL script")
        }
        return text
    }
}
