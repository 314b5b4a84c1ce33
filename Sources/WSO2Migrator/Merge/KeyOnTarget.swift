import Foundation
import SQLDriver
import WSO2Schema

/// A key of the target whose duplicates among a source's rows the source's engine cannot find, because
/// the target compares its text by a rule the source cannot say (a MySQL collation, from PostgreSQL or
/// SQLite: `utf8mb4_general_ci` makes 'CaseUser' and 'caseuser', or 'a' and 'a ', one key).
/// The target groups them itself (`Conflict.duplicatesOnTarget`), by its own rule, exactly.
struct KeyOnTarget: Sendable {
    /// The source's live table, named as WSO2 writes it.
    var table: Table
    /// The key's columns.
    var columns: [String]
    /// `PRIMARY KEY`, `UNIQUE` or `UNIQUE INDEX`.
    var rule: String
}

extension Conflict {
    /// The duplicates under `key` among the rows of `source`, grouped on `target` as its key will group
    /// them: the key's values are copied into a temporary table of the target whose columns compare as the
    /// key's do, and grouped there. Nothing but that session's temporary table is written; it is dropped
    /// before this returns. The values are known to fit the target (`ValueFit` ran first).
    /// - Parameters:
    ///   - targetTable: the target catalog's table of the key, whose column types the temporary table takes.
    ///   - comparing: how the target compares each text column of its tables (`keyComparisons`).
    static func duplicatesOnTarget(
        _ key: KeyOnTarget, in source: any DatabaseConnection, targetTable: Table, comparing: [String: KeyComparison],
        target: any DatabaseConnection, version: String
    ) throws -> [Conflict] {
        let names = key.columns.map { $0.uppercased() }
        let columns = try names.map { name -> Column in
            guard var column = targetTable.column(named: name) else {
                throw LegacyMerge.Failure.internalError("\(targetTable.name) has no column \(name) of its \(key.rule)")
            }
            // The key's comparison, free of what the target's column carries besides (NOT NULL, AUTO_INCREMENT, a default).
            if case .collation(let collation)? = comparing[name] { column.collation = collation }
            if case .serial = column.type { column.type = .integer }
            var plain = Column(name, column.type)
            plain.collation = column.collation
            return plain
        }
        let scratch = Table(name: "wso2db_key_check_\(ProcessInfo.processInfo.processIdentifier)", columns: columns)
        let dialect = target.dialect
        try target.execute(
            "CREATE TEMPORARY TABLE \(dialect.quote(scratch.name)) ("
                + columns.map { dialect.columnDefinition($0, in: scratch) }.joined(separator: ", ") + ")")
        defer { try? target.execute(dialect.dropTemporaryTableSQL(dialect.quote(scratch.name))) }

        let sourceDialect = source.dialect
        let read = BulkTable(name: key.table.name, columns: names, quotedExactly: false, mayBeLarge: [])
        let present = names.map { "\(sourceDialect.quote($0)) IS NOT NULL" }.joined(separator: " AND ")
        let kinds = names.map { name in key.table.column(named: name).map { ValueKind($0.type) } ?? .text }
        _ = try target.writeRows(BulkWrite(table: scratch.name, columns: names, kinds: kinds)) { writer in
            try source.readRows(BulkRead(select: read.select(in: sourceDialect) + " WHERE \(present)", kinds: kinds)) { row in
                try writer.write(row, appending: [])
            }
        }
        let expressions = names.map { name in
            switch comparing[name] {
            case .collation?: "min(\(dialect.quote(name)))"
            default: dialect.quote(name)
            }
        }
        return try grouped(
            names, by: names.map(dialect.quote), shown: expressions, from: dialect.quote(scratch.name), on: target, table: key.table.name,
            rule: key.rule, version: version)
    }
}
