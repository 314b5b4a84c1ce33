import Foundation
import LocalMariaDB
import MySQLDriver

/// Fresh databases on the suite's MariaDB server.
enum MySQLFixtures {
    /// A fresh, empty database on the throwaway server; fails with what to install when no server
    /// can be started (never skips).
    static func database(prefix: String = "t", characterSet: String? = nil) throws -> MySQLURL {
        let server = try LocalMariaDB.shared()
        return try MySQLURL(parsing: server.url(database: try server.createDatabase(prefix: prefix, characterSet: characterSet)))
    }

    /// A connection to a fresh database.
    static func connection() throws -> MySQLConnection {
        try MySQLConnection(url: database())
    }
}
