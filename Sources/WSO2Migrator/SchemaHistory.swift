import Foundation
import SQLDriver
import WSO2Schema

/// wso2db's record of what it did to a database: one row per create, migration step or baseline.
/// It lives outside WSO2's tables: in the `wso2db` schema on PostgreSQL, as `wso2db_schema_history` on SQLite.
public enum SchemaHistory {
    /// What kind of event a history row records.
    public enum Kind: String, Sendable {
        case create, migrate, baseline, merge
        /// An optional task (`migrate --with NAME`): data work, recorded at the release the database is at.
        case task
    }

    /// The history table.
    public static let table = Table("schema_history") {
        Column("installed_rank", .serial)
        Column("database", .varchar(32), .notNull)
        Column("version", .varchar(32), .notNull)
        Column("description", .varchar(200), .notNull)
        Column("kind", .varchar(16), .notNull)
        Column("checksum", .varchar(64))
        Column("installed_by", .varchar(100), .notNull)
        Column("installed_at", .timestamp, .default(.currentTimestamp), .notNull)
        Column("execution_ms", .integer, .notNull)
        Column("success", .boolean, .notNull)
        PrimaryKey("installed_rank")
    }

    /// One row to record.
    public struct Entry: Sendable {
        public var database: String
        public var version: String
        public var description: String
        public var kind: Kind
        public var checksum: String?
        public var executionMilliseconds: Int
        public var success: Bool
    }

    /// A row as recorded.
    public struct Recorded: Sendable {
        public var rank: Int
        public var database: String
        public var version: String
        public var description: String
        public var kind: String
        public var checksum: String?
        public var installedBy: String
        public var installedAt: String
        public var executionMilliseconds: Int
        public var success: Bool
    }

    /// Every row, oldest first; empty when the database has no history table.
    public static func entries(on connection: any DatabaseConnection) throws -> [Recorded] {
        let dialect = connection.dialect
        guard try connection.query(dialect.bookkeepingTableExists(table.name)).rows.first?.first?.integerValue == 1 else { return [] }
        let column = dialect.quoteExactly
        let columns = ["installed_rank", "database", "version", "description", "kind", "checksum", "installed_by"].map(column)
            + [dialect.castToText(column("installed_at")), column("execution_ms"), column("success")]
        let rows = try connection.query(
            "SELECT \(columns.joined(separator: ", ")) FROM \(dialect.bookkeepingTable(table.name)) ORDER BY \(column("installed_rank"))"
        ).rows
        return rows.map { row in
            Recorded(
                rank: Int(row[0].integerValue ?? 0), database: row[1].textValue ?? "", version: row[2].textValue ?? "",
                description: row[3].textValue ?? "", kind: row[4].textValue ?? "", checksum: row[5].textValue,
                installedBy: row[6].textValue ?? "", installedAt: row[7].textValue ?? "",
                executionMilliseconds: Int(row[8].integerValue ?? 0), success: row[9] == .boolean(true) || row[9] == .integer(1))
        }
    }

    /// Statements that make sure the history table exists.
    static func setup(_ dialect: any SQLDialect) -> [String] {
        dialect.bookkeepingSetup() + [dialect.createBookkeepingTable(table)]
    }

    /// The INSERT for an entry, with every value as a parameter.
    static func insert(_ entry: Entry, _ dialect: any SQLDialect) -> DDLStatement {
        let columns = ["database", "version", "description", "kind", "checksum", "installed_by", "execution_ms", "success"]
        let values: [SQLValue] = [
            // A description can quote an error; no secret the run knows reaches the table.
            .text(entry.database), .text(entry.version), .text(Secrets.scrub(entry.description)), .text(entry.kind.rawValue),
            entry.checksum.map(SQLValue.text) ?? .null, .text(currentUser), .integer(Int64(entry.executionMilliseconds)),
            .boolean(entry.success),
        ]
        return dialect.insertStatement(
            .seeds, "history entry", into: dialect.bookkeepingTable(table.name), columns: columns,
            values: values.map(InsertValue.value))
    }

    /// The UPDATE that gives a recorded row another checksum (`migrate --repair`).
    static func restamp(rank: Int, checksum: String, _ dialect: any SQLDialect) -> SQLStatement {
        SQLStatement(
            "UPDATE \(dialect.bookkeepingTable(table.name)) SET \(dialect.quoteExactly("checksum")) = \(dialect.placeholder(1)) "
                + "WHERE \(dialect.quoteExactly("installed_rank")) = \(dialect.placeholder(2))",
            [.text(checksum), .integer(Int64(rank))])
    }

    /// The operating-system user running wso2db.
    static var currentUser: String {
        let environment = ProcessInfo.processInfo.environment
        if let name = environment["USER"] ?? environment["LOGNAME"] { return name }
        // Services and containers often run without USER; the account database still knows.
        if let entry = getpwuid(getuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return "uid \(getuid())"
    }
}
