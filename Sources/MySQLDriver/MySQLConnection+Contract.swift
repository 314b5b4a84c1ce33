import Foundation
import SQLDriver
import WSO2Schema

/// The connection contract of `SQLDriver`: what shared code (create, drift, migrate, merge) asks
/// of any engine, answered from MySQL's own catalog.
extension MySQLConnection: DatabaseConnection {
    public var dialect: any SQLDialect { MySQLDialect() }

    /// The URL as the driver contract carries it.
    public var url: DatabaseURL { address.databaseURL }

    /// The server, told apart by its host name, port and data directory as it sees them itself
    /// (whatever name or address reached it), and the database in it.
    public func identity() throws -> DatabaseIdentity {
        let row = try query("SELECT @@hostname, @@port, @@datadir, DATABASE()").rows.first ?? []
        let parts = row.map { $0.textValue ?? "" }
        return DatabaseIdentity(driver: "mysql", key: parts.joined(separator: ":"))
    }

    /// Tables, views, indexes (but the primary keys, which MySQL names `PRIMARY`), triggers and
    /// routines of the connection's database; wso2db's own tables left out.
    public func existingObjects() throws -> [ExistingObject] {
        let prefix = MySQLDialect.bookkeepingPrefix
        let rows = try query(
            """
            SELECT IF(TABLE_TYPE = 'VIEW', 'view', 'table'), TABLE_NAME FROM information_schema.TABLES
             WHERE TABLE_SCHEMA = DATABASE() AND LEFT(TABLE_NAME, ?) <> ?
            UNION ALL SELECT DISTINCT 'index', INDEX_NAME FROM information_schema.STATISTICS
             WHERE TABLE_SCHEMA = DATABASE() AND INDEX_NAME <> 'PRIMARY' AND LEFT(TABLE_NAME, ?) <> ?
            UNION ALL SELECT 'trigger', TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()
            UNION ALL SELECT 'function', ROUTINE_NAME FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE()
            """, .integer(Int64(prefix.count)), .text(prefix), .integer(Int64(prefix.count)), .text(prefix))
        return rows.rows.compactMap { row in
            guard let kind = row[0].textValue.flatMap(ExistingObject.Kind.init(rawValue:)), let name = row[1].textValue else { return nil }
            return ExistingObject(kind: kind, name: name)
        }
    }

    /// Runs the script in a scratch database of the same character set and collation on the same
    /// server, reads it back, and drops the scratch database again: MySQL's DDL cannot be rolled back.
    public func inspectScript(_ sql: String) throws -> Schema {
        let row = try query(
            "SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = DATABASE()"
        ).rows.first ?? []
        let scratch = "wso2db_scratch_" + UUID().uuidString.prefix(8).lowercased()
        var create = "CREATE DATABASE \(MySQLDialect.backtick(scratch))"
        if row.count == 2, let charset = row[0].textValue, let collation = row[1].textValue {
            create += " CHARACTER SET \(MySQLDialect.backtick(charset)) COLLATE \(MySQLDialect.backtick(collation))"
        }
        // A session opened for reading writes nothing to its own database; the scratch one it may make.
        if readOnlySession { try execute("SET SESSION TRANSACTION READ WRITE") }
        defer { if readOnlySession { _ = try? execute("SET SESSION TRANSACTION READ ONLY") } }
        do {
            try execute(create)
        } catch var error as DatabaseError {
            error.context = "creating a scratch database to run the script in"
            error.hint = "the user needs CREATE and DROP on other databases for --expected-sql on MySQL (GRANT ALL ON `wso2db\\_scratch\\_%`.* TO the user)"
            throw error
        }
        defer {
            _ = try? execute("USE \(MySQLDialect.backtick(address.database))")
            _ = try? execute("DROP DATABASE IF EXISTS \(MySQLDialect.backtick(scratch))")
        }
        try execute("USE \(MySQLDialect.backtick(scratch))")
        try execute(sql)
        return try inspectSchema()
    }
}
