import SQLDriver
import WSO2Schema

/// MySQL's answers to the questions shared code asks a dialect. MySQL has no sequences: WSO2's
/// MySQL scripts number rows with AUTO_INCREMENT, so what shared code calls a sequence is, here,
/// a table's AUTO_INCREMENT counter, named by the table.
extension MySQLDialect: SQLDialect {
    public var hasNativeSequences: Bool { false }
    /// WSO2 writes MySQL scripts of its own: a MySQL database is held against them.
    public var catalogEngine: CatalogEngine { .mysql }
    public var engineID: String { "mysql" }
    public var addsConstraintsToExistingTables: Bool { true }
    public var beginTransactionSQL: String { "START TRANSACTION" }
    public var snapshotTransactionSQL: String { "START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY" }
    public var foreignKeySwitch: ForeignKeySwitch? { nil }
    /// InnoDB adds a foreign key to a full table by copying the table when checks are on, and in
    /// place (the key's metadata only) when they are off.
    public var uncheckedForeignKeyAdds: (off: String, on: String)? { ("SET FOREIGN_KEY_CHECKS = 0", "SET FOREIGN_KEY_CHECKS = 1") }

    /// A version 4 UUID in lower case, from `RAND()`: MySQL's `UUID()` is version 1.
    public var uuidExpression: String {
        func hex(_ digits: Int, _ range: String) -> String { "LPAD(HEX(FLOOR(RAND() * \(range))), \(digits), '0')" }
        return "LOWER(CONCAT(\(hex(8, "4294967296")), '-', \(hex(4, "65536")), '-4', \(hex(3, "4096")), '-', "
            + "HEX(8 + FLOOR(RAND() * 4)), \(hex(3, "4096")), '-', \(hex(12, "281474976710656"))))"
    }

    public func placeholder(_ position: Int) -> String { "?" }

    /// MySQL keeps table names as written (on Linux, where they are case-sensitive).
    public func storedName(_ name: String) -> String { name }

    /// `LENGTH` counts bytes on MySQL (`CHAR_LENGTH` counts characters).
    public func byteLength(_ expression: String) -> String { "LENGTH(\(expression))" }

    /// MySQL casts to `CHAR`; it has no `TEXT` cast.
    public func castToText(_ expression: String) -> String { "CAST(\(expression) AS CHAR)" }

    /// By the target's collation (converted to its character set first), or as bytes; never by the
    /// source column's own collation, which may fold case where the target's key does not.
    public func compared(_ quotedColumn: String, by comparison: KeyComparison) -> String? {
        switch comparison {
        case .asStored: quotedColumn
        case .bytes: "CAST(\(quotedColumn) AS BINARY)"
        case .collation(let collation):
            "CONVERT(\(quotedColumn) USING \(quoteExactly(collation.characterSet))) COLLATE \(quoteExactly(collation.name))"
        }
    }

    public func booleanLiteral(_ flag: Bool) -> String { flag ? "1" : "0" }

    public func blobLiteral(_ bytes: [UInt8]) -> String { "X'" + bytes.hexString + "'" }

    public func quoteExactly(_ name: String) -> String { Self.backtick(name) }

    public func insertSQL(into quotedTable: String, columns: [String], values: [String], ignoringConflicts: Bool) -> String {
        "INSERT \(ignoringConflicts ? "IGNORE " : "")INTO \(quotedTable) (\(quoteList(columns))) VALUES (" + values.joined(separator: ", ") + ")"
    }

    /// `TEMPORARY`: a plain `DROP TABLE` commits the transaction under way, and would drop a real
    /// table of the name if the temporary one were gone.
    public func dropTemporaryTableSQL(_ quotedTable: String) -> String { "DROP TEMPORARY TABLE \(quotedTable)" }

    public func dropIndexSQL(_ name: String, table: String) -> String {
        "DROP INDEX \(quote(name)) ON \(quote(table))"
    }

    /// None: an AUTO_INCREMENT column numbers its rows itself.
    public func createSequenceStatements(_ sequence: DatabaseSequence) -> [DDLStatement] { [] }

    public func restartSequenceSQL(_ sequence: String, next: Int64) -> String {
        "ALTER TABLE \(quote(sequence)) AUTO_INCREMENT = \(next)"
    }

    public func renameIndexStatements(from old: String, to index: Index) -> [RepairStatement] {
        [RepairStatement("ALTER TABLE \(quote(index.table)) RENAME INDEX \(quote(old)) TO \(quote(index.name))")]
    }

    /// wso2db's tables live beside WSO2's, under the `wso2db_` prefix, which the inspector leaves out.
    public func bookkeepingSetup() -> [String] { [] }

    public func bookkeepingTable(_ name: String) -> String { quote(Self.bookkeepingPrefix + name) }

    /// In utf8mb4 whatever the database's character set (WSO2's API-M databases are often latin1):
    /// wso2db's rows quote descriptions, names and errors in any script.
    public func createBookkeepingTable(_ table: Table) -> String {
        var parts = table.columns.map { columnDefinition($0, in: table) }
        if let key = table.primaryKey { parts.append("PRIMARY KEY (\(quoteList(key.columns)))") }
        return "CREATE TABLE IF NOT EXISTS \(bookkeepingTable(table.name)) (" + parts.joined(separator: ", ") + ") CHARACTER SET utf8mb4"
    }

    public func bookkeepingTableExists(_ name: String) -> SQLStatement {
        SQLStatement(
            "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?",
            [.text(Self.bookkeepingPrefix + name)])
    }

    public func columnDefinition(_ column: Column, in table: Table) -> String { columnDefinition(column) }

    /// What the inspector reads back is what the dialect wrote: MySQL names its primary keys
    /// `PRIMARY`, which the model leaves `nil` on both sides.
    public func inspectedForm(of schema: Schema) -> Schema { schema }

    /// The next AUTO_INCREMENT value of each table.
    public func nextSequenceValuesQuery(_ sequences: [String]) -> SQLStatement {
        SQLStatement(
            sequences.enumerated().map { position, _ in
                "SELECT \(position), AUTO_INCREMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?"
            }.joined(separator: " UNION ALL "),
            sequences.map { .text($0) })
    }

    /// `ALTER TABLE` takes no parameter for the counter; `next` is a number, never text.
    public func restartSequenceStatement(_ sequence: String, next: Int64) -> SQLStatement {
        SQLStatement(restartSequenceSQL(sequence, next: next))
    }

    /// MySQL has no sequence: the rows without a number are numbered on from the largest, in one
    /// statement text (a user variable set, then used), so that a journalled rerun runs both again;
    /// AUTO_INCREMENT goes on from there once the column becomes the key.
    public func fillFromSequenceStatements(table: String, column: String, sequence: String) -> [RepairStatement] {
        let (name, field) = (quote(table), quote(column))
        return [
            RepairStatement(
                "SET @wso2db_next = (SELECT COALESCE(MAX(\(field)), 0) FROM \(name)); "
                    + "UPDATE \(name) SET \(field) = (@wso2db_next := @wso2db_next + 1) WHERE \(field) IS NULL")
        ]
    }
}

extension MySQLDialect {
    /// The prefix of wso2db's own tables in a MySQL database.
    public static let bookkeepingPrefix = "wso2db_"
}
